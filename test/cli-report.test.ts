/** `faultline report`: the review report from the command line, spawned from the build. */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, project, requireBuild, runCli } from './support/cli';

const DOC = 'test/fixtures/report/payments.md';
const JA_DOC = 'test/fixtures/report/payments.ja.md';
const README = '# Faultline\n\nA linter for design docs.\n\n## Install\n\n```sh\nnpm install\n```\n';

before(() => requireBuild());

describe('faultline report', () => {
  test('writes the report to standard output and exits 0', () => {
    const r = runCli(['report', DOC]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith('# Reliability Design Review: Ticket Shop — Design Document\n'));
    // line links are relative to the working directory when the report goes to stdout
    assert.match(r.stdout, /\]\(test\/fixtures\/report\/payments\.md#L\d+\)/);
    assert.equal(r.stderr, '');
  });

  test('--output writes the file, with line links relative to it', () => {
    const p = project({});
    try {
      const out = path.join(p.dir, 'reviews', 'payments-review.md');
      const r = runCli(['report', '--output', out, JA_DOC]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `faultline report: wrote ${out}\n`);
      const md = fs.readFileSync(out, 'utf8');
      assert.ok(md.startsWith('# 信頼性設計レビュー: チケット販売システム 設計書\n'));
      const rel = path.relative(path.dirname(out), path.join(ROOT, JA_DOC)).split(path.sep).join('/');
      assert.ok(md.includes(`](${encodeURI(rel)}#L`), `links to ${rel}`);
    } finally {
      p.cleanup();
    }
  });

  test('a document that is not a design doc: exit 2 with the reason, unless --force', () => {
    const p = project({ 'README.md': README });
    try {
      const r = runCli(['report', 'README.md'], { cwd: p.dir });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^faultline report: README\.md is not reviewed: not a design document .*\(--force reports on it anyway\)\n$/);
      const forced = runCli(['report', '--force', 'README.md'], { cwd: p.dir });
      assert.equal(forced.code, 0, forced.stderr);
      assert.ok(forced.stdout.startsWith('# Reliability Design Review: Faultline\n'));
    } finally {
      p.cleanup();
    }
  });

  test('usage errors and unreadable files exit 2 and write nothing', () => {
    const cases: [string[], RegExp][] = [
      [['report'], /^faultline report: no file given\nRun 'faultline report --help' for usage\.\n$/],
      [['report', DOC, JA_DOC], /one document at a time/],
      [['report', '--bogus', DOC], /unknown option '--bogus'/],
      [['report', DOC, '--output'], /option '--output' needs a value/],
      [['report', 'no/such/file.md'], /^faultline report: cannot read no\/such\/file\.md: no such file\n$/],
      [['report', 'test/fixtures'], /cannot read test\/fixtures: is a folder/],
      [['report', '--config', 'missing.jsonc', DOC], /config file not found: missing\.jsonc/],
    ];
    for (const [args, stderr] of cases) {
      const r = runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, stderr, args.join(' '));
    }
  });

  test('never overwrites the document itself', () => {
    const p = project({ 'design.md': fs.readFileSync(path.join(ROOT, DOC), 'utf8') });
    try {
      const before = fs.readFileSync(p.file('design.md'), 'utf8');
      const r = runCli(['report', '-o', 'design.md', 'design.md'], { cwd: p.dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--output names the document itself/);
      assert.equal(fs.readFileSync(p.file('design.md'), 'utf8'), before);
    } finally {
      p.cleanup();
    }
  });

  test('the nearest config applies: a rule turned off leaves the report', () => {
    const doc = fs.readFileSync(path.join(ROOT, DOC), 'utf8');
    const p = project({ 'design.md': doc, '.faultline.jsonc': '{ "rules": { "timeout": "off" } }' });
    try {
      const withConfig = runCli(['report', 'design.md'], { cwd: p.dir });
      assert.equal(withConfig.code, 0, withConfig.stderr);
      assert.ok(!/^#### C-\d+: Timeouts/m.test(withConfig.stdout));
      const without = runCli(['report', path.join(ROOT, DOC)], { cwd: ROOT });
      assert.match(without.stdout, /^#### C-\d+: Timeouts — /m);
    } finally {
      p.cleanup();
    }
  });

  test('a broken config exits 2 with the problem and writes no report', () => {
    const doc = fs.readFileSync(path.join(ROOT, DOC), 'utf8');
    const p = project({ 'design.md': doc, '.faultline.jsonc': '{ "rules": { "timeuot": "off" } }' });
    try {
      const r = runCli(['report', '-o', 'review.md', 'design.md'], { cwd: p.dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\.faultline\.jsonc:1:\d+: .*timeuot/);
      assert.match(r.stderr, /broken config; no report was written\n$/);
      assert.ok(!fs.existsSync(p.file('review.md')));
    } finally {
      p.cleanup();
    }
  });

  test('--help explains the command; the main help mentions it', () => {
    const r = runCli(['report', '--help']);
    assert.equal(r.code, 0);
    assert.ok(r.stdout.startsWith('Usage: faultline report [options] <file>\n'));
    assert.match(runCli(['--help']).stdout, /faultline report \[--output <file>\]/);
  });
});
