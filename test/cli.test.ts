/**
 * The CLI, spawned from the build (`node dist/cli.js`). Rules are data that keeps changing, so
 * no test names the findings a fixture must produce: they take what the engine reports and
 * check how the CLI translates, counts, filters and exits on it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { Analyzer } from '../server/src/analysis/analyzer';
import { ROOT, fixture, firedRules, project, requireBuild, ruleArgs, runCli, runJson, textAt, type JsonFile } from './support/cli';

const DESIGN = 'test/fixtures/cli/design.md';
const README = 'test/fixtures/cli/readme.md';
const TIERS = ['critical', 'significant', 'moderate', 'minor'];
const SEVERITIES = ['error', 'warning', 'information', 'hint'];

let baseline: JsonFile;
/** The documented part of a diagnostic (the extras carry rule text that is still being written). */
const core = (d: JsonFile['diagnostics'][number]) => ({ rule: d.rule, tier: d.tier, severity: d.severity, message: d.message, range: d.range });

before(() => {
  requireBuild();
  const r = runJson([DESIGN]);
  assert.equal(r.files.length, 1);
  baseline = r.files[0]!;
  assert.ok(baseline.diagnostics.length > 0, 'the design fixture should produce findings');
});

describe('JSON output', () => {
  test('one object per file, diagnostics with exactly the documented keys first, 0-based ranges', () => {
    const { files, code } = runJson([DESIGN, README]);
    assert.deepEqual(files.map((f) => f.file), [DESIGN, README]);
    assert.equal(code, files[0]!.diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
    const text = fixture('design.md');
    const lineCount = text.split('\n').length;
    for (const f of files) {
      assert.deepEqual(Object.keys(f).slice(0, 2), ['file', 'diagnostics']);
      assert.equal(typeof f.file, 'string');
      assert.ok(Array.isArray(f.diagnostics));
    }
    for (const d of files[0]!.diagnostics) {
      assert.deepEqual(Object.keys(d).slice(0, 5), ['rule', 'tier', 'severity', 'message', 'range']);
      assert.equal(typeof d.rule, 'string');
      assert.ok(TIERS.includes(d.tier), d.tier);
      assert.ok(SEVERITIES.includes(d.severity), d.severity);
      assert.ok(d.message.length > 0);
      assert.deepEqual(Object.keys(d.range), ['start', 'end']);
      for (const p of [d.range.start, d.range.end]) {
        assert.deepEqual(Object.keys(p), ['line', 'character']);
        assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lineCount);
        assert.ok(Number.isInteger(p.character) && p.character >= 0);
      }
      assert.ok(d.range.start.line < d.range.end.line || (d.range.start.line === d.range.end.line && d.range.start.character <= d.range.end.character));
    }
    // the README is no design doc: reported, not reviewed
    assert.deepEqual(files[1]!.diagnostics, []);
    assert.match(String(files[1]!.skipped), /not a design document/);
  });

  test('every diagnostic is the engine finding, translated (same rules, messages, ranges, order)', () => {
    const text = fixture('design.md');
    const findings = new Analyzer().analyze(text).findings;
    assert.deepEqual(
      baseline.diagnostics.map(core),
      findings.map((f) => ({ rule: f.rule, tier: f.tier, severity: f.severity, message: f.message, range: f.range })),
    );
  });

  test('ranges point at the text they are about', () => {
    const text = fixture('design.md');
    // the dependency itself (a statement naming Stripe sits on its cue, e.g. "charges the card")
    const stripe = baseline.diagnostics.filter((d) => d.subject?.name === 'Stripe' && d.subject.kind !== 'statement');
    assert.ok(stripe.length > 0, 'some rule should be about the Stripe dependency');
    for (const d of stripe) assert.equal(textAt(text, d.range), 'Stripe', `${d.rule} range`);
    for (const d of baseline.diagnostics) {
      const covered = textAt(text, d.range);
      assert.ok(covered.trim().length > 0, `${d.rule} covers no text`);
    }
  });

  test('--quiet keeps errors only', () => {
    const { files } = runJson(['--quiet', DESIGN]);
    assert.deepEqual(files[0]!.diagnostics.map(core), baseline.diagnostics.filter((d) => d.severity === 'error').map(core));
  });
});

describe('text output', () => {
  test('file:line:col  severity  rule  message, aligned, with a summary line', () => {
    const r = runCli([DESIGN]);
    const lines = r.stdout.trimEnd().split('\n');
    const summary = lines.pop()!;
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, baseline.diagnostics.length);
    const label: Record<string, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };
    const ruleColumn = new Set<number>();
    for (const line of lines) {
      const m = /^(\S+):(\d+):(\d+)(\s+)(error|warning|info|hint)(\s+)(\S+)(\s+)(.+)$/.exec(line);
      assert.ok(m, `unexpected line: ${line}`);
      assert.equal(m[1], DESIGN);
      ruleColumn.add([1, 2, 3, 4, 5, 6].reduce((n, i) => n + m[i]!.length, 2));
      const d = baseline.diagnostics.find((x) => x.range.start.line + 1 === Number(m[2]) && x.range.start.character + 1 === Number(m[3]) && x.rule === m[7]);
      assert.ok(d, `no JSON diagnostic for ${line}`);
      assert.equal(label[d.severity], m[5]);
      assert.equal(m[9], d.message);
    }
    assert.equal(ruleColumn.size, 1, 'the rule column is aligned');
    const count = (s: string) => baseline.diagnostics.filter((d) => d.severity === s).length;
    const n = baseline.diagnostics.length;
    const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
    assert.equal(summary, `${plural(n, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('information'), 'info')}, ${plural(count('hint'), 'hint')})`);
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour when NO_COLOR is set');
  });

  test('colour only when asked (--color), never with --no-color', () => {
    assert.match(runCli(['--color', DESIGN]).stdout, /\u001b\[/);
    assert.doesNotMatch(runCli(['--no-color', DESIGN], { env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[/);
  });

  test('a clean run prints nothing on stdout', () => {
    const r = runCli([README]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
  });
});

describe('exit codes', () => {
  test('0 for a non-design README', () => {
    assert.equal(runCli([README]).code, 0);
  });

  test('0 for a design doc once every rule that fired at error severity is off', () => {
    const now = runJson([DESIGN]).files[0]!;
    const errorsOff = ruleArgs([...new Set(now.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule))]);
    const r = runJson([...errorsOff, DESIGN]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.files[0]!.diagnostics.every((d) => d.severity !== 'error'));
  });

  test('1 for a design doc with a critical finding', () => {
    const rule = baseline.diagnostics[0]!.rule;
    const r = runJson(['--rule', `${rule}=critical`, DESIGN]);
    assert.equal(r.code, 1);
    const raised = r.files[0]!.diagnostics.filter((d) => d.rule === rule);
    assert.ok(raised.length > 0 && raised.every((d) => d.tier === 'critical' && d.severity === 'error'));
  });

  test('--exit-zero: problems are printed, the exit code is 0', () => {
    const rule = baseline.diagnostics[0]!.rule;
    const r = runCli(['--exit-zero', '--rule', `${rule}=critical`, DESIGN]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /problems? \(/);
  });

  for (const [name, args, pattern] of [
    ['unknown option', ['--frobnicate', DESIGN], /unknown option '--frobnicate'/],
    ['missing file', ['test/fixtures/cli/does-not-exist.md'], /no such file or folder: test\/fixtures\/cli\/does-not-exist\.md/],
    ['glob matching nothing', ['test/fixtures/cli/**/*.nothing'], /no files matching the pattern/],
    ['no files at all', [], /no files given/],
    ['bad format', ['--format', 'xml', DESIGN], /unknown format 'xml'/],
    ['bad --max-warnings', ['--max-warnings', 'many', DESIGN], /--max-warnings needs a whole number/],
    ['bad --rule setting', ['--rule', 'timeout=loud', DESIGN], /unknown setting 'loud'/],
    ['unknown rule id', ['--rule', 'no-such-rule=off', DESIGN], /--rule no-such-rule: unknown rule/],
    ['--stdin-filename without --stdin', ['--stdin-filename', 'x.md', DESIGN], /only used with --stdin/],
    ['missing --config file', ['--config', 'nope.jsonc', DESIGN], /config file not found: nope\.jsonc/],
  ] as const) {
    test(`2 on ${name}, with the reason on stderr`, () => {
      const r = runCli([...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, pattern);
      assert.equal(r.stdout, '');
    });
  }

  test('2 on an unreadable file', () => {
    const p = project({ 'locked.md': fixture('design.md') });
    try {
      let target = 'locked.md';
      if (process.getuid?.() === 0) {
        // root reads any file whatever its mode; a file whose read fails (EIO) stands in
        if (!fs.existsSync('/proc/self/mem')) return;
        target = '/proc/self/mem';
      } else fs.chmodSync(p.file('locked.md'), 0o000);
      const r = runCli([target], { cwd: p.dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`cannot read ${target.replace(/[/.]/g, '\\$&')}`));
      assert.equal(r.stdout, '');
    } finally {
      p.cleanup();
    }
  });

  test('2 when a named path is a folder with no Markdown in it', () => {
    const p = project({ 'empty/notes.txt': 'x' });
    try {
      const r = runCli(['empty'], { cwd: p.dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no Markdown files/);
    } finally {
      p.cleanup();
    }
  });
});

describe('--max-warnings', () => {
  // one rule raised to "significant" (warning), every other rule that fired turned off:
  // exactly that rule's findings are the warnings
  let rule: string;
  let n: number;
  let args: string[];
  before(() => {
    rule = baseline.diagnostics[0]!.rule;
    n = baseline.diagnostics.filter((d) => d.rule === rule).length;
    args = [...ruleArgs(firedRules([baseline]).filter((r) => r !== rule)), '--rule', `${rule}=significant`];
  });

  test('exit 0 at the limit and without one', () => {
    assert.equal(runCli([...args, DESIGN]).code, 0);
    assert.equal(runCli([...args, '--max-warnings', String(n), DESIGN]).code, 0);
  });

  test('exit 1 over the limit, with a note on stderr', () => {
    const r = runCli([...args, '--max-warnings', String(n - 1), DESIGN]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`too many warnings: ${n} \\(--max-warnings ${n - 1}\\)`));
  });

  test('--quiet hides warnings but they still count', () => {
    const r = runJson([...args, '--quiet', '--max-warnings', String(n - 1), DESIGN]);
    assert.deepEqual(r.files[0]!.diagnostics, []);
    assert.equal(r.code, 1);
  });
});

describe('--rule', () => {
  test('off removes the rule; a tier replaces its default', () => {
    const [first, second] = firedRules([baseline]);
    assert.ok(first);
    const off = runJson(['--rule', `${first}=off`, DESIGN]);
    assert.ok(!off.files[0]!.diagnostics.some((d) => d.rule === first));
    assert.equal(off.files[0]!.diagnostics.length, baseline.diagnostics.filter((d) => d.rule !== first).length);
    if (second) {
      const both = runJson(['--rule', `${first}=off`, '--rule', `${second}=minor`, DESIGN]);
      const seconds = both.files[0]!.diagnostics.filter((d) => d.rule === second);
      assert.ok(seconds.length > 0 && seconds.every((d) => d.tier === 'minor' && d.severity === 'hint'));
    }
  });
});

describe('--stdin', () => {
  test('reads the document from stdin and reports it under --stdin-filename', () => {
    const r = runJson(['--stdin', '--stdin-filename', 'docs/invoice.md'], { input: fixture('design.md') });
    const direct = runJson([DESIGN]).files[0]!;
    assert.equal(r.files.length, 1);
    assert.equal(r.files[0]!.file, 'docs/invoice.md');
    assert.deepEqual(r.files[0]!.diagnostics.map(core), direct.diagnostics.map(core));
  });

  test('without a file name it is <stdin>', () => {
    const r = runJson(['--stdin'], { input: fixture('readme.md') });
    assert.equal(r.code, 0);
    assert.equal(r.files[0]!.file, '<stdin>');
    assert.match(String(r.files[0]!.skipped), /not a design document/);
  });

  test('--stdin-filename finds the config for that path', () => {
    const rule = baseline.diagnostics[0]!.rule;
    const p = project({ 'docs/.faultline.jsonc': `{ "rules": { "${rule}": "off" } }` });
    try {
      const r = runJson(['--stdin', '--stdin-filename', 'docs/invoice.md'], { cwd: p.dir, input: fixture('design.md') });
      assert.ok(!r.files[0]!.diagnostics.some((d) => d.rule === rule));
      assert.ok(r.files[0]!.diagnostics.length > 0);
    } finally {
      p.cleanup();
    }
  });

  test('files and --stdin together are a usage error', () => {
    const r = runCli(['--stdin', DESIGN], { input: '' });
    assert.equal(r.code, 2);
  });
});

describe('files, folders and globs', () => {
  let p: ReturnType<typeof project>;
  before(() => {
    p = project({
      'docs/a.md': fixture('design.md'),
      'docs/sub/b.md': fixture('design.md'),
      'docs/sub/notes.txt': 'not markdown',
      'docs/node_modules/dep/c.md': fixture('design.md'),
      'other/readme.md': fixture('readme.md'),
    });
  });
  after(() => p.cleanup());

  test('a glob (quoted, expanded by faultline) finds every match, node_modules excluded', () => {
    const r = runJson(['docs/**/*.md'], { cwd: p.dir });
    assert.deepEqual(r.files.map((f) => f.file), ['docs/a.md', path.join('docs', 'sub', 'b.md')]);
    assert.deepEqual(r.files[1]!.diagnostics.map(core), r.files[0]!.diagnostics.map(core));
    assert.ok(r.files[0]!.diagnostics.length > 0);
  });

  test('a folder means the Markdown files below it', () => {
    const r = runJson(['docs'], { cwd: p.dir });
    assert.deepEqual(r.files.map((f) => f.file), ['docs/a.md', 'docs/sub/b.md']);
  });

  test('files, folders and globs mix; a file named twice is reviewed once', () => {
    const r = runJson(['docs/a.md', 'docs/*.md', 'other'], { cwd: p.dir });
    assert.deepEqual(r.files.map((f) => f.file), ['docs/a.md', 'other/readme.md']);
  });

  test('many files in worker threads give the same result as one thread', () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 10; i++) many[`d${i}.md`] = i % 3 ? fixture('design.md') : fixture('readme.md');
    const q = project(many);
    try {
      const one = runJson(['.'], { cwd: q.dir, env: { FAULTLINE_JOBS: '1' } });
      const pool = runJson(['.'], { cwd: q.dir, env: { FAULTLINE_JOBS: '3' } });
      assert.equal(pool.files.length, 10);
      assert.deepEqual(pool.files, one.files);
      assert.equal(pool.code, one.code);
    } finally {
      q.cleanup();
    }
  });
});

describe('--verbose and --force', () => {
  test('--verbose says on stderr why a file was skipped', () => {
    const r = runCli(['--verbose', README]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /test\/fixtures\/cli\/readme\.md: not reviewed: not a design document/);
  });

  test('without --verbose a short note says files were not reviewed', () => {
    const r = runCli([README]);
    assert.match(r.stderr, /1 file was not reviewed/);
  });

  test('--force reviews a document that does not look like a design doc', () => {
    const r = runJson(['--force', README]);
    assert.equal(r.files[0]!.skipped, undefined);
  });
});

describe('SARIF output', () => {
  let log: any;
  let validate: ReturnType<Ajv['compile']>;
  let json: JsonFile;
  before(() => {
    const r = runCli(['--format', 'sarif', DESIGN, README]);
    json = runJson([DESIGN]).files[0]!;
    assert.equal(r.code, json.diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
    log = JSON.parse(r.stdout);
    // The SARIF 2.1.0 schema (draft-04), as shipped by Microsoft's @microsoft/jest-sarif package.
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  });

  test('validates against the SARIF 2.1.0 schema', () => {
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  test('the schema check is not vacuous', () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    assert.equal(validate(broken), false);
  });

  test('tool.driver describes every rule with help and a docs link', () => {
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'Faultline');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    const ids = driver.rules.map((r: any) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of driver.rules) {
      assert.ok(rule.name && rule.shortDescription.text && rule.fullDescription.text);
      assert.ok(rule.help.text.length > 0 && rule.help.markdown.length > 0);
      assert.match(rule.helpUri, new RegExp(`^https://.+/${rule.id}\\.md$`));
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
  });

  test('one result per finding: rule, level, relative location, 1-based region, fingerprint', () => {
    const driver = log.runs[0].tool.driver;
    const results = log.runs[0].results;
    assert.equal(results.length, json.diagnostics.length);
    const level: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    results.forEach((res: any, i: number) => {
      const d = json.diagnostics[i]!;
      assert.equal(res.ruleId, d.rule);
      assert.equal(driver.rules[res.ruleIndex].id, d.rule);
      assert.equal(res.level, level[d.severity]);
      assert.equal(res.message.text, d.message);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uri, 'test/fixtures/cli/design.md');
      assert.deepEqual(loc.region, {
        startLine: d.range.start.line + 1,
        startColumn: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      });
      assert.ok(Object.values(res.partialFingerprints).every((v) => typeof v === 'string' && (v as string).length >= 16));
    });
    const prints = results.map((r: any) => JSON.stringify(r.partialFingerprints));
    assert.equal(new Set(prints).size, prints.length, 'fingerprints are unique');
  });

  test('fingerprints survive lines inserted above', () => {
    const shifted = project({ 'design.md': `<!-- moved -->\n\nIntro paragraph added later.\n\n${fixture('design.md')}` });
    const orig = project({ 'design.md': fixture('design.md') });
    try {
      const a = JSON.parse(runCli(['--format', 'sarif', 'design.md'], { cwd: orig.dir }).stdout).runs[0].results;
      const b = JSON.parse(runCli(['--format', 'sarif', 'design.md'], { cwd: shifted.dir }).stdout).runs[0].results;
      const key = (r: any) => `${r.ruleId} ${JSON.stringify(r.partialFingerprints)}`;
      const bs = new Set(b.map(key));
      const kept = a.filter((r: any) => bs.has(key(r))).length;
      assert.ok(kept >= a.length * 0.9, `${kept}/${a.length} fingerprints kept`);
    } finally {
      shifted.cleanup();
      orig.cleanup();
    }
  });

  test('--output-file writes the report to a file', () => {
    const p = project({});
    try {
      const r = runCli(['--format', 'sarif', '--output-file', path.join(p.dir, 'out', 'faultline.sarif'), DESIGN]);
      assert.equal(r.stdout, '');
      const written = JSON.parse(fs.readFileSync(path.join(p.dir, 'out', 'faultline.sarif'), 'utf8'));
      assert.ok(validate(written), JSON.stringify(validate.errors));
    } finally {
      p.cleanup();
    }
  });
});

describe('notices about the document itself', () => {
  test('a suppression comment naming an unknown rule: a notice line in text, "notices" in JSON, a SARIF notification', () => {
    const p = project({ 'design.md': `<!-- faultline-disable no-such-rule-anywhere -->\n${fixture('design.md')}` });
    try {
      const text = runCli(['design.md'], { cwd: p.dir });
      assert.match(text.stdout, /^design\.md:1:1\s+notice\s+faultline\s+.*no-such-rule-anywhere/m);
      const json = runJson(['design.md'], { cwd: p.dir });
      const notices = json.files[0]!.notices as { message: string; range: { start: { line: number } } }[];
      assert.equal(notices.length, 1);
      assert.match(notices[0]!.message, /no-such-rule-anywhere/);
      assert.equal(notices[0]!.range.start.line, 0);
      const sarif = JSON.parse(runCli(['--format', 'sarif', 'design.md'], { cwd: p.dir }).stdout);
      const notes = sarif.runs[0].invocations[0].toolExecutionNotifications;
      assert.ok(notes.some((n: any) => /no-such-rule-anywhere/.test(n.message.text) && n.locations[0].physicalLocation.region.startLine === 1));
    } finally {
      p.cleanup();
    }
  });
});

describe('help and version', () => {
  test('--help lists every option and the exit codes', () => {
    const r = runCli(['--help']);
    assert.equal(r.code, 0);
    for (const opt of ['--format', '--config', '--max-warnings', '--stdin', '--stdin-filename', '--rule', '--force', '--verbose', '--quiet', '--no-color', '--version', '--exit-zero', '--output-file']) {
      assert.ok(r.stdout.includes(opt), opt);
    }
    assert.match(r.stdout, /Exit codes/);
  });

  test('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(runCli(['--version']).stdout.trim(), pkg.version);
  });

  test('bin/faultline.js runs the same CLI', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'faultline.js'), '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  });
});
