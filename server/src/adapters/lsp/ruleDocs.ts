/**
 * Where a rule's documentation lives, as a file URI: docs/rules/<id>.md, shipped next to dist/
 * (the bundle runs from dist/server.js; from source the folder is four levels up). A custom rule
 * has no generated page (its id cannot be a built-in one): its own rule file is its documentation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleDefinition } from '../../rules/definition';

const CANDIDATE_DIRS = [path.join(__dirname, '..', 'docs', 'rules'), path.join(__dirname, '..', '..', '..', '..', 'docs', 'rules')];

let docsDir: string | null | undefined;

/** The folder of the generated rule pages, or undefined when this installation has none. */
export function ruleDocsDir(): string | undefined {
  if (docsDir === undefined) docsDir = CANDIDATE_DIRS.find((d) => fs.existsSync(d)) ?? null;
  return docsDir ?? undefined;
}

const uriCache = new Map<string, string | undefined>();

/** The URI of the page documenting `rule`, or undefined when there is none. */
export function ruleDocUri(rule: Pick<RuleDefinition, 'id' | 'source'>): string | undefined {
  const key = `${rule.id}\u0000${rule.source ?? ''}`;
  if (uriCache.has(key)) return uriCache.get(key);
  const dir = ruleDocsDir();
  const page = dir ? path.join(dir, `${rule.id}.md`) : undefined;
  let uri: string | undefined;
  if (page && fs.existsSync(page)) uri = pathToFileURL(page).href;
  else if (rule.source && fs.existsSync(rule.source)) uri = pathToFileURL(rule.source).href;
  uriCache.set(key, uri);
  return uri;
}
