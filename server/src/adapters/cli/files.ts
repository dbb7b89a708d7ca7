import fs from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/**
 * Command-line arguments → the documents to review. A file is taken as named; a folder means
 * every Markdown file below it; anything else is a glob (tinyglobby), relative to the working
 * directory. `node_modules` and `.git` are never searched.
 */
export interface Target {
  /** absolute path */
  abs: string;
  /** as reported: relative to the working directory when inside it */
  display: string;
  /** named on the command line (not found by a glob or a folder search) */
  explicit: boolean;
}

export interface Expansion {
  targets: Target[];
  /** one message per argument that matched nothing */
  errors: string[];
}

const IGNORED = ['**/node_modules/**', '**/.git/**'];
export const MARKDOWN_GLOB = '**/*.{md,markdown}';

export async function expandPatterns(patterns: string[], cwd: string): Promise<Expansion> {
  const seen = new Set<string>();
  const targets: Target[] = [];
  const errors: string[] = [];
  const add = (abs: string, explicit: boolean) => {
    if (seen.has(abs)) {
      if (explicit) {
        const t = targets.find((x) => x.abs === abs);
        if (t) t.explicit = true;
      }
      return;
    }
    seen.add(abs);
    targets.push({ abs, display: displayPath(abs, cwd), explicit });
  };

  const results = await Promise.all(
    patterns.map(async (pattern) => {
      const abs = path.resolve(cwd, pattern);
      const stat = statOrUndefined(abs);
      if (stat?.isFile()) return { pattern, files: [abs], explicit: true };
      if (stat?.isDirectory()) {
        const files = await glob(MARKDOWN_GLOB, { cwd: abs, absolute: true, onlyFiles: true, ignore: IGNORED, expandDirectories: false });
        return { pattern, files: files.map((f) => path.resolve(f)).sort(), explicit: false, folder: true };
      }
      if (!isDynamicPattern(pattern)) return { pattern, files: [], explicit: true, missing: true };
      const files = await glob(toPosixPattern(pattern), { cwd, absolute: true, onlyFiles: true, ignore: IGNORED, expandDirectories: false });
      return { pattern, files: files.map((f) => path.resolve(f)).sort(), explicit: false };
    }),
  );
  for (const r of results) {
    if ('missing' in r && r.missing) errors.push(`no such file or folder: ${r.pattern}`);
    else if (!r.files.length) errors.push('folder' in r && r.folder ? `no Markdown files (*.md) found in folder: ${r.pattern}` : `no files matching the pattern "${r.pattern}" were found`);
    for (const f of r.files) add(f, r.explicit);
  }
  return { targets, errors };
}

export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/** Globs use forward slashes; on Windows a typed `docs\\*.md` means `docs/*.md`. */
function toPosixPattern(pattern: string): string {
  return path.sep === '\\' ? pattern.replace(/\\/g, '/') : pattern;
}
