import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { analyzer } from './helpers';

const root = path.resolve(__dirname, '..');

test('docs/rules is generated from rules/ and up to date (npm run docs)', () => {
  const r = (() => {
    try {
      return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-rule-docs.ts', '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' }) };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { code: err.status, out: err.stdout + err.stderr };
    }
  })();
  assert.equal(r.code, 0, r.out);
});

test('every rule has a documentation page, and the index lists it', () => {
  const index = fs.readFileSync(path.join(root, 'docs/rules/README.md'), 'utf8');
  for (const rule of analyzer.rules) {
    const page = path.join(root, 'docs/rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(page), `docs/rules/${rule.id}.md`);
    assert.match(fs.readFileSync(page, 'utf8'), new RegExp(`^# \`${rule.id}\``));
    assert.ok(index.includes(`(${rule.id}.md)`), `index links ${rule.id}`);
  }
});
