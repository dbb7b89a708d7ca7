/**
 * Where the vocabulary lives and what it names, read without building its matchers: the rule
 * catalogue of the language server's protocol thread needs the concept ids (to check rule files'
 * references), not the engine's phrase tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** The folder holding rules/*.yaml and rules/vocabulary, wherever this code was bundled to. */
export function findRulesDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'rules');
    if (fs.existsSync(path.join(candidate, 'vocabulary', 'concepts.yaml'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Faultline: no rules folder found above ${start}`);
    dir = parent;
  }
}

export function readYaml(file: string): unknown {
  return YAML.parse(fs.readFileSync(file, 'utf8'));
}

export const vocabularyFile = (rulesDir: string, name: 'technologies' | 'concepts' | 'sections') => path.join(rulesDir, 'vocabulary', `${name}.yaml`);

/** The ids of the built-in concepts (the keys of concepts.yaml). */
export function builtinConceptIds(rulesDir: string): string[] {
  return Object.keys(readYaml(vocabularyFile(rulesDir, 'concepts')) as Record<string, unknown>);
}
