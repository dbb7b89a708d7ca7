/**
 * The built-in rules shipped with the extension (rules/<id>.yaml), for the "Show Rule
 * Documentation" quick pick. Only the id, tier and English title are read, with a line match on
 * the rule files' fixed layout: the client does not bundle a YAML parser for a picker label,
 * and a title it cannot read just falls back to the id.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RuleEntry {
  id: string;
  title?: string;
  tier?: string;
}

export function readRuleCatalog(extensionRoot: string): RuleEntry[] {
  const dir = path.join(extensionRoot, 'rules');
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /^[a-z0-9][a-z0-9-]*\.yaml$/.test(n));
  } catch {
    return [];
  }
  return names.map((name) => name.replace(/\.yaml$/, '')).sort().map((id) => {
    const name = `${id}.yaml`;
    let text = '';
    try {
      text = fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      // unreadable: listed by id only
    }
    const title = /^title:[ \t]*\r?\n[ \t]+en:[ \t]*(.+?)[ \t]*\r?$/m.exec(text)?.[1]?.replace(/^(["'])(.*)\1$/, '$2');
    const tier = /^tier:[ \t]*([a-z]+)/m.exec(text)?.[1];
    return { id, ...(title ? { title } : {}), ...(tier ? { tier } : {}) };
  });
}
