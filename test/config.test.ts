/**
 * Project config: parsing and validation (JSONC and YAML, problems with file:line:col),
 * discovery (nearest wins), extends, include/exclude, custom rule packs — in-process through
 * server/src/config and end to end through the built CLI.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigResolver, checkRuleIds, formatConfigProblem, isIncluded, parseConfigText } from '../server/src/config';
import { fixture, project, requireBuild, runCli, runJson, ROOT, type JsonFile } from './support/cli';

const DESIGN = fixture('design.md');

/** Two rules that fire on the design fixture, found by running it (no rule is named here). */
let ruleA: string;
let ruleB: string;
let baseline: JsonFile;

before(() => {
  requireBuild();
  const p = project({ 'design.md': DESIGN });
  try {
    baseline = runJson(['design.md'], { cwd: p.dir }).files[0]!;
  } finally {
    p.cleanup();
  }
  const fired = [...new Set(baseline.diagnostics.map((d) => d.rule))];
  assert.ok(fired.length >= 2, 'the design fixture should trigger at least two rules');
  [ruleA, ruleB] = fired as [string, string];
});

const rulesOf = (f: JsonFile) => new Set(f.diagnostics.map((d) => d.rule));

describe('parsing and validation', () => {
  test('a valid JSONC config (comments, trailing commas) and the same in YAML', () => {
    const jsonc = parseConfigText('/p/.faultline.jsonc', '// team defaults\n{\n  "rules": { "timeout": "off", "rpo-rto": "minor", },\n  "include": ["docs/**"],\n  /* drafts */ "exclude": ["docs/drafts/**"],\n  "force": true,\n}\n');
    assert.deepEqual(jsonc.problems, []);
    assert.deepEqual(jsonc.data, { rules: { timeout: 'off', 'rpo-rto': 'minor' }, include: ['docs/**'], exclude: ['docs/drafts/**'], force: true });
    const yaml = parseConfigText('/p/.faultline.yaml', '# team defaults\nrules:\n  timeout: off\n  rpo-rto: minor\ninclude: [docs/**]\nexclude:\n  - docs/drafts/**\nforce: true\n');
    assert.deepEqual(yaml.problems, []);
    assert.deepEqual(yaml.data, jsonc.data);
  });

  test('empty files are empty configs', () => {
    assert.deepEqual(parseConfigText('/p/.faultline.jsonc', '').data, {});
    assert.deepEqual(parseConfigText('/p/.faultline.yml', '# nothing yet\n').data, {});
  });

  test('JSONC syntax error: file, line and column of the mistake', () => {
    const r = parseConfigText('/p/.faultline.jsonc', '{\n  "rules": {\n    "timeout": "off"\n    "rpo-rto": "minor"\n  }\n}\n');
    assert.equal(r.data, undefined);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.message, /JSONC syntax error: comma expected/);
    assert.deepEqual(r.problems[0]!.range!.start, { line: 3, character: 4 });
    assert.equal(formatConfigProblem(r.problems[0]!), '/p/.faultline.jsonc:4:5: JSONC syntax error: comma expected');
  });

  test('YAML syntax error: file, line and column', () => {
    const r = parseConfigText('/p/.faultline.yaml', 'rules:\n  timeout: off\n    rpo-rto: minor\n');
    assert.equal(r.data, undefined);
    assert.ok(r.problems.length >= 1);
    assert.match(r.problems[0]!.message, /^YAML syntax error: Nested mappings are not allowed/);
    assert.equal(formatConfigProblem(r.problems[0]!), '/p/.faultline.yaml:2:12: YAML syntax error: Nested mappings are not allowed in compact mappings');
  });

  test('schema problems point at the offending key or value', () => {
    const text = '{\n  "rules": {\n    "timeout": "loud"\n  },\n  "includes": ["docs/**"],\n  "force": "yes"\n}\n';
    const r = parseConfigText('/p/.faultline.jsonc', text);
    assert.equal(r.data, undefined);
    const byLine = new Map(r.problems.map((p) => [p.range!.start.line, p]));
    assert.match(byLine.get(2)!.message, /rules\.timeout must be one of off, critical, significant, moderate, minor \(got "loud"\)/);
    assert.equal(byLine.get(2)!.range!.start.character, 15);
    assert.match(byLine.get(4)!.message, /unknown key "includes"/);
    assert.equal(byLine.get(4)!.range!.start.character, 2);
    assert.match(byLine.get(5)!.message, /force must be a boolean \(got string "yes"\)/);
  });

  test('schema problems in YAML point into the YAML', () => {
    const r = parseConfigText('/p/.faultline.yml', 'rules:\n  timeout: loud\nexclude: docs/drafts\n');
    const msgs = r.problems.map((p) => `${p.range!.start.line + 1}:${p.range!.start.character + 1} ${p.message}`);
    assert.ok(msgs.some((m) => m.startsWith('2:12 rules.timeout must be one of')), msgs.join('\n'));
    assert.ok(msgs.some((m) => m.startsWith('3:10 exclude must be a list')), msgs.join('\n'));
  });

  test('rule ids must look like rule ids', () => {
    const r = parseConfigText('/p/.faultline.jsonc', '{ "rules": { "Dead Letter": "off" } }');
    assert.match(r.problems[0]!.message, /"Dead Letter" is not a rule id/);
  });

  test('the schema file is the one the validator uses, with descriptions for completion', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', 'schema', 'config.schema.json'), 'utf8'));
    for (const key of ['extends', 'rules', 'include', 'exclude', 'customRules', 'force']) {
      assert.ok(schema.properties[key]?.description, `${key} has a description`);
    }
    assert.equal(schema.additionalProperties, false);
  });
});

describe('discovery and merging (in-process)', () => {
  let p: ReturnType<typeof project>;
  before(() => {
    p = project({
      '.faultline.jsonc': '{ "rules": { "timeout": "off" }, "exclude": ["archive/**"] }',
      'team/.faultline.yaml': 'extends: ../base/shared.yml\nrules:\n  retry-policy: minor\n',
      'base/shared.yml': 'rules:\n  timeout: critical\n  rpo-rto: off\ninclude: ["**/*.md"]\nexclude: ["**/CHANGELOG.md"]\n',
      'team/sub/doc.md': '',
      'doc.md': '',
      'loop/.faultline.jsonc': '{ "extends": "./b.jsonc" }',
      'loop/b.jsonc': '{ "extends": "./.faultline.jsonc" }',
      'two/.faultline.jsonc': '{}',
      'two/.faultline.yml': '{}',
      'broken/.faultline.jsonc': '{ "extends": "../missing.jsonc", "customRules": ["./no-such-pack"] }',
    });
  });
  after(() => p.cleanup());

  test('the nearest config applies, alone (no cascade), merged with what it extends', () => {
    const resolver = new ConfigResolver();
    const top = resolver.forDocument(p.file('doc.md'));
    assert.deepEqual(top.problems, []);
    assert.deepEqual(top.config!.rules, { timeout: 'off' });
    const team = resolver.forDocument(p.file('team/sub/doc.md'));
    assert.deepEqual(team.problems, []);
    assert.equal(team.config!.file, p.file('team/.faultline.yaml'));
    assert.deepEqual(team.config!.files, [p.file('team/.faultline.yaml'), p.file('base/shared.yml')]);
    // own rules override the extended ones; the top-level config does not apply at all
    assert.deepEqual(team.config!.rules, { timeout: 'critical', 'rpo-rto': 'off', 'retry-policy': 'minor' });
    assert.deepEqual(team.config!.exclude.map((e) => [e.baseDir, e.patterns]), [[p.file('base'), ['**/CHANGELOG.md']]]);
  });

  test('include/exclude are relative to the file that declares them; a folder glob covers its contents', () => {
    const resolver = new ConfigResolver();
    const top = resolver.forDocument(p.file('doc.md')).config!;
    assert.equal(isIncluded(top, p.file('doc.md')).included, true);
    const archived = isIncluded(top, p.file('archive/2019/old.md'));
    assert.equal(archived.included, false);
    assert.match(archived.reason!, /excluded by .*\.faultline\.jsonc \(exclude: "archive\/\*\*"\)/);
    const team = resolver.forDocument(p.file('team/sub/doc.md')).config!;
    // base/shared.yml's include "**/*.md" is relative to base/, so team/ documents are outside it
    const v = isIncluded(team, p.file('team/sub/doc.md'));
    assert.equal(v.included, false);
    assert.match(v.reason!, /not matched by include/);
    assert.equal(isIncluded(team, p.file('base/x/y.md')).included, true);
    assert.equal(isIncluded(team, p.file('base/CHANGELOG.md')).included, false);
    assert.equal(isIncluded(undefined, p.file('anything.md')).included, true);
  });

  test('circular extends, two configs in one folder, missing extends and rule folders are problems', () => {
    const resolver = new ConfigResolver();
    const loop = resolver.forDocument(p.file('loop/doc.md'));
    assert.equal(loop.config, undefined);
    assert.match(loop.problems.map(formatConfigProblem).join('\n'), /b\.jsonc:1:\d+: circular extends/);
    const two = resolver.forDocument(p.file('two/doc.md'));
    assert.match(two.problems[0]!.message, /more than one Faultline config/);
    const broken = resolver.forDocument(p.file('broken/doc.md'));
    const msgs = broken.problems.map(formatConfigProblem);
    assert.ok(msgs.some((m) => /\.faultline\.jsonc:1:14: extended config "\.\.\/missing\.jsonc" does not exist/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /\.faultline\.jsonc:1:\d+: custom rule folder "\.\/no-such-pack" does not exist/.test(m)), msgs.join('\n'));
  });

  test('--config names one file for every document', () => {
    const resolver = new ConfigResolver({ configFile: p.file('base/shared.yml') });
    assert.equal(resolver.forDocument(p.file('team/sub/doc.md')).config!.file, p.file('base/shared.yml'));
  });

  test('unknown rule ids are reported where they are written, with a suggestion', () => {
    const resolver = new ConfigResolver();
    const team = resolver.forDocument(p.file('team/sub/doc.md')).config!;
    const problems = checkRuleIds(team, ['timeout', 'rpo-rto', 'retry-policies']);
    assert.equal(problems.length, 1);
    assert.equal(formatConfigProblem(problems[0]!), `${p.file('team/.faultline.yaml')}:3:3: unknown rule "retry-policy" (did you mean "retry-policies"?)`);
  });
});

describe('the CLI with a project config', () => {
  test('nearest config wins: a subfolder config replaces the parent one', () => {
    const p = project({
      '.faultline.jsonc': `{ "rules": { "${ruleA}": "off" } }`,
      'team/.faultline.yaml': `rules:\n  ${ruleB}: "off"\n`,
      'root.md': DESIGN,
      'team/doc.md': DESIGN,
    });
    try {
      const r = runJson(['root.md', 'team/doc.md'], { cwd: p.dir });
      const [root, team] = r.files;
      assert.ok(!rulesOf(root!).has(ruleA) && rulesOf(root!).has(ruleB));
      assert.ok(rulesOf(team!).has(ruleA) && !rulesOf(team!).has(ruleB));
    } finally {
      p.cleanup();
    }
  });

  test('extends: the extended file\'s rules apply unless the extending file overrides them', () => {
    const p = project({
      'configs/base.jsonc': `{ "rules": { "${ruleA}": "off", "${ruleB}": "off" } }`,
      'docs/.faultline.yml': `extends: ../configs/base.jsonc\nrules:\n  ${ruleB}: minor\n`,
      'docs/doc.md': DESIGN,
    });
    try {
      const f = runJson(['docs/doc.md'], { cwd: p.dir }).files[0]!;
      assert.ok(!rulesOf(f).has(ruleA));
      const bs = f.diagnostics.filter((d) => d.rule === ruleB);
      assert.ok(bs.length > 0 && bs.every((d) => d.tier === 'minor' && d.severity === 'hint'));
    } finally {
      p.cleanup();
    }
  });

  test('--rule overrides the config', () => {
    const p = project({ '.faultline.jsonc': `{ "rules": { "${ruleA}": "off" } }`, 'doc.md': DESIGN });
    try {
      const f = runJson(['--rule', `${ruleA}=critical`, 'doc.md'], { cwd: p.dir }).files[0]!;
      assert.ok(f.diagnostics.some((d) => d.rule === ruleA && d.severity === 'error'));
    } finally {
      p.cleanup();
    }
  });

  test('include/exclude filter what globs and folders find; a named excluded file is reported as skipped', () => {
    const p = project({
      '.faultline.jsonc': '{ "include": ["docs/**"], "exclude": ["docs/drafts"] }',
      'docs/a.md': DESIGN,
      'docs/drafts/b.md': DESIGN,
      'notes/c.md': DESIGN,
    });
    try {
      const globbed = runJson(['**/*.md', '--verbose'], { cwd: p.dir });
      assert.deepEqual(globbed.files.map((f) => f.file), ['docs/a.md']);
      assert.match(globbed.stderr, /docs\/drafts\/b\.md: not reviewed: excluded by .*\(exclude: "docs\/drafts"\)/);
      assert.match(globbed.stderr, /notes\/c\.md: not reviewed: not matched by include/);
      const named = runJson(['docs/drafts/b.md'], { cwd: p.dir });
      assert.equal(named.code, 0);
      assert.deepEqual(named.files[0]!.diagnostics, []);
      assert.match(String(named.files[0]!.skipped), /excluded by/);
    } finally {
      p.cleanup();
    }
  });

  test('exit 2 when every matched file is excluded', () => {
    const p = project({ '.faultline.jsonc': '{ "exclude": ["**"] }', 'docs/a.md': DESIGN });
    try {
      const r = runCli(['docs'], { cwd: p.dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /all 1 matched file is excluded by the config/);
    } finally {
      p.cleanup();
    }
  });

  test('force: true in the config reviews documents that do not look like design docs', () => {
    const p = project({ '.faultline.yaml': 'force: true\n', 'README.md': fixture('readme.md') });
    try {
      assert.equal(runJson(['README.md'], { cwd: p.dir }).files[0]!.skipped, undefined);
    } finally {
      p.cleanup();
    }
  });

  test('--config replaces discovery', () => {
    const p = project({
      '.faultline.jsonc': `{ "rules": { "${ruleA}": "off" } }`,
      'ci/strict.yaml': `rules:\n  ${ruleB}: "off"\n`,
      'doc.md': DESIGN,
    });
    try {
      const f = runJson(['--config', 'ci/strict.yaml', 'doc.md'], { cwd: p.dir }).files[0]!;
      assert.ok(rulesOf(f).has(ruleA) && !rulesOf(f).has(ruleB));
    } finally {
      p.cleanup();
    }
  });

  for (const [name, files, pattern] of [
    ['a JSONC syntax error', { '.faultline.jsonc': '{\n  "rules": {\n    "x": "off",,\n  }\n}\n' }, /\.faultline\.jsonc:3:16: JSONC syntax error/],
    ['a YAML schema error', { '.faultline.yaml': 'rules:\n  timeout: loud\n' }, /\.faultline\.yaml:2:12: rules\.timeout must be one of off, critical/],
    ['an unknown key', { '.faultline.yml': 'exclude: []\nignore: ["x"]\n' }, /\.faultline\.yml:2:1: unknown key "ignore"/],
    ['an unknown rule id', { '.faultline.jsonc': '{ "rules": { "no-such-rule-at-all": "off" } }' }, /\.faultline\.jsonc:1:14: unknown rule "no-such-rule-at-all"/],
    ['a missing extended file', { '.faultline.jsonc': '{ "extends": "./nope.jsonc" }' }, /\.faultline\.jsonc:1:14: extended config "\.\/nope\.jsonc" does not exist/],
    ['a broken extended file', { '.faultline.jsonc': '{ "extends": "./base.yaml" }', 'base.yaml': 'force: maybe\n' }, /base\.yaml:1:8: force must be a boolean/],
    ['a missing custom rule folder', { '.faultline.yaml': 'customRules:\n  - ./team-rules\n' }, /\.faultline\.yaml:2:5: custom rule folder "\.\/team-rules" does not exist/],
  ] as const) {
    test(`exit 2 on ${name}, with file:line:col and the reason on stderr, nothing reviewed`, () => {
      const p = project({ ...files, 'doc.md': DESIGN });
      try {
        const r = runCli(['doc.md'], { cwd: p.dir });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, pattern);
        assert.match(r.stderr, /broken config/);
        assert.equal(r.stdout, '');
      } finally {
        p.cleanup();
      }
    });
  }

  test('customRules: a custom rule pack loads, its rules report and can be configured', () => {
    // a custom pack made from a built-in rule file that fires on the fixture, under a new id
    const source = path.join(ROOT, 'rules', `${ruleA}.yaml`);
    const custom = fs.readFileSync(source, 'utf8').replace(new RegExp(`^id: ${ruleA}$`, 'm'), 'id: team-custom-check');
    const files: Record<string, string> = { 'team-rules/team-custom-check.yaml': custom, '.faultline.yaml': 'customRules: [./team-rules]\n', 'doc.md': DESIGN };
    const p = project(files);
    try {
      const f = runJson(['doc.md'], { cwd: p.dir }).files[0]!;
      const mine = f.diagnostics.filter((d) => d.rule === 'team-custom-check');
      assert.equal(mine.length, f.diagnostics.filter((d) => d.rule === ruleA).length);
      assert.ok(mine.length > 0);
      const off = runJson(['--rule', 'team-custom-check=off', 'doc.md'], { cwd: p.dir }).files[0]!;
      assert.ok(!rulesOf(off).has('team-custom-check'));
      const sarif = JSON.parse(runCli(['--format', 'sarif', 'doc.md'], { cwd: p.dir }).stdout);
      assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'team-custom-check'));
    } finally {
      p.cleanup();
    }
  });

  test('a broken custom rule file is a broken config: exit 2 with the file and reason', () => {
    const p = project({ 'team-rules/bad-rule.yaml': 'id: bad-rule\ntier: loud\n', '.faultline.yaml': 'customRules: [./team-rules]\n', 'doc.md': DESIGN });
    try {
      const r = runCli(['doc.md'], { cwd: p.dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /team-rules\/bad-rule\.yaml.*custom rule pack/);
    } finally {
      p.cleanup();
    }
  });

  test('--verbose names the config that applies', () => {
    const p = project({ 'docs/.faultline.jsonc': '{ "extends": "../base.jsonc" }', 'base.jsonc': '{}', 'docs/doc.md': DESIGN });
    try {
      const r = runCli(['--verbose', 'docs/doc.md'], { cwd: p.dir });
      assert.match(r.stderr, /docs\/doc\.md: config docs\/\.faultline\.jsonc \(extends base\.jsonc\)/);
    } finally {
      p.cleanup();
    }
  });
});
