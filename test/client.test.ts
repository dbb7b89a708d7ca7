// The VS Code client's logic that does not need an editor: the status item's wording, the
// crash-restart policy, the rule catalogue for the documentation picker, and the manifest's
// contributions agreeing with the client and the server. (The client inside a real VS Code is
// tested by test/e2e: `npm run test:e2e`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMMANDS, isFaultlineStatus, type FaultlineStatus } from '../client/src/protocol';
import { GeneratedReports } from '../client/src/generatedReports';
import { CrashRestartPolicy } from '../client/src/restartPolicy';
import { readRuleCatalog } from '../client/src/ruleCatalog';
import { countsText, statusText } from '../client/src/statusText';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_SETTINGS } from '../server/src/adapters/lsp/settings';

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const clock = (iso: string) => `<${iso.slice(11, 19)}>`;

function status(over: Partial<FaultlineStatus> = {}): FaultlineStatus {
  return {
    uri: 'file:///w/design.md', version: 3,
    counts: { critical: 0, significant: 0, moderate: 0, minor: 0 },
    accepted: 0, durationMs: 34.6, analyzedAt: '2026-01-02T10:11:12.000Z', ...over,
  };
}

test('status text: findings by tier as the severities they become, zero tiers left out', () => {
  assert.equal(countsText({ critical: 2, significant: 3, moderate: 1, minor: 0 }), '2 errors, 3 warnings, 1 info');
  assert.equal(countsText({ critical: 1, significant: 0, moderate: 4, minor: 1 }), '1 error, 4 info, 1 hint');
  assert.equal(countsText({ critical: 0, significant: 1, moderate: 0, minor: 2 }), '1 warning, 2 hints');
  const s = statusText(status({ counts: { critical: 2, significant: 3, moderate: 1, minor: 0 } }), clock);
  assert.deepEqual(s, { text: 'Faultline: 2 errors, 3 warnings, 1 info', detail: 'Reviewed at <10:11:12> in 35 ms' });
});

test('status text: no findings, accepted risks, not a design doc, excluded, not yet reviewed', () => {
  assert.deepEqual(statusText(status(), clock), { text: 'Faultline: no findings', detail: 'Reviewed at <10:11:12> in 35 ms' });
  assert.equal(statusText(status({ accepted: 1 }), clock).detail, 'Reviewed at <10:11:12> in 35 ms, 1 accepted risk');
  assert.equal(statusText(status({ accepted: 2, counts: { critical: 0, significant: 1, moderate: 0, minor: 0 } }), clock).detail,
    'Reviewed at <10:11:12> in 35 ms, 2 accepted risks');
  const reason = 'not a design document (score 1: no architecture sections); add `faultline: true` front matter to review it anyway';
  assert.deepEqual(statusText(status({ skipped: reason }), clock),
    { text: 'Faultline: not a design doc', detail: `${reason} (reviewed at <10:11:12> in 35 ms)` });
  assert.deepEqual(statusText(status({ skipped: 'excluded by /w/.faultline.jsonc (exclude "drafts/**")' }), clock),
    { text: 'Faultline: not reviewed', detail: 'excluded by /w/.faultline.jsonc (exclude "drafts/**") (reviewed at <10:11:12> in 35 ms)' });
  assert.deepEqual(statusText(undefined, clock), { text: 'Faultline', detail: 'not reviewed yet' });
});

test('isFaultlineStatus accepts the protocol shape and rejects others', () => {
  assert.ok(isFaultlineStatus(status()));
  assert.ok(!isFaultlineStatus({ uri: 'file:///x.md' }));
  assert.ok(!isFaultlineStatus({ uri: 'file:///x.md', counts: { critical: 1, significant: 0, moderate: 0 } }));
  assert.ok(!isFaultlineStatus(null));
});

test('crash restart policy: 4 restarts within 3 minutes, the 5th crash leaves the server stopped', () => {
  let now = 0;
  const policy = new CrashRestartPolicy(4, 180_000, () => now);
  const decisions = [0, 10_000, 20_000, 30_000, 40_000].map((t) => { now = t; return policy.onCrash(); });
  assert.deepEqual(decisions.map((d) => d.restart), [true, true, true, true, false]);
  assert.deepEqual(decisions.map((d) => d.recentCrashes), [1, 2, 3, 4, 5]);
  // crashes older than the window no longer count
  now = 40_000 + 180_001;
  assert.deepEqual(policy.onCrash(), { restart: true, recentCrashes: 1 });
  // a restart asked for by the user starts afresh
  now += 1000; policy.onCrash(); policy.onCrash(); policy.onCrash();
  assert.equal(policy.onCrash().restart, false);
  policy.reset();
  assert.deepEqual(policy.onCrash(), { restart: true, recentCrashes: 1 });
});

test('rule catalogue: every built-in rule file, with its English title and tier', () => {
  const catalog = readRuleCatalog(root);
  const files = fs.readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  assert.deepEqual(catalog.map((r) => r.id), files);
  assert.deepEqual(catalog.find((r) => r.id === 'timeout'), { id: 'timeout', title: 'Timeouts', tier: 'critical' });
  // the line match reads what a YAML parser reads, for every rule file
  for (const r of catalog) {
    const data = parseYaml(fs.readFileSync(path.join(root, 'rules', `${r.id}.yaml`), 'utf8')) as { tier: string; title: { en: string } };
    assert.deepEqual(r, { id: r.id, title: data.title.en, tier: data.tier });
  }
});

test('rule catalogue: a quoted title is unquoted, an unreadable layout falls back to the id, no rules folder is empty', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-catalog-'));
  fs.mkdirSync(path.join(dir, 'rules'));
  fs.writeFileSync(path.join(dir, 'rules', 'a-rule.yaml'), 'id: a-rule\ntier: minor\ntitle:\n  en: "Quoted: title"\n  ja: x\n');
  fs.writeFileSync(path.join(dir, 'rules', 'b-rule.yaml'), 'id: b-rule\ntitle: { en: Inline }\n');
  fs.writeFileSync(path.join(dir, 'rules', 'notes.txt'), 'not a rule');
  assert.deepEqual(readRuleCatalog(dir), [{ id: 'a-rule', title: 'Quoted: title', tier: 'minor' }, { id: 'b-rule' }]);
  assert.deepEqual(readRuleCatalog(path.join(dir, 'nowhere')), []);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('manifest: every client command is contributed in category Faultline, and nothing else', () => {
  const contributed = (manifest.contributes.commands as { command: string; category: string; title: string }[]);
  assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
  for (const c of contributed) assert.equal(c.category, 'Faultline', c.command);
  // server commands are registered by vscode-languageclient itself and must not be contributed
  assert.ok(contributed.every((c) => !c.command.startsWith('faultline.server.')));
  const generate = contributed.find((c) => c.command === COMMANDS.generateReview);
  assert.equal(generate?.title, 'Generate Reliability Review');
});

test('manifest: the settings are the server\'s settings, each fully described in Markdown', () => {
  const props = manifest.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string; description?: string }>;
  const serverKeys = Object.keys(DEFAULT_SETTINGS).map((k) => `faultline.${k}`);
  // the one client-only setting: the protocol trace of vscode-languageclient ("<client id>.trace.server")
  assert.deepEqual(Object.keys(props).sort(), [...serverKeys, 'faultline.trace.server'].sort());
  for (const key of serverKeys) {
    const name = key.slice('faultline.'.length) as keyof typeof DEFAULT_SETTINGS;
    assert.deepEqual(props[key]!.default, DEFAULT_SETTINGS[name], `${key} default agrees with the server`);
  }
  for (const [key, p] of Object.entries(props)) {
    assert.ok(p.markdownDescription && p.markdownDescription.length > 60, `${key} has a complete markdownDescription`);
    assert.equal(p.description, undefined, `${key}: markdownDescription only`);
  }
});

test('manifest: workspace trust is limited and said why; the config schema is associated', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.match(trust.description, /custom rule packs/);
  for (const v of [...manifest.contributes.jsonValidation, ...manifest.contributes.yamlValidation]) {
    assert.ok(fs.existsSync(path.join(root, v.url)), `${v.url} exists`);
  }
  assert.deepEqual(manifest.contributes.jsonValidation[0].fileMatch, ['.faultline.jsonc']);
  assert.deepEqual(manifest.contributes.yamlValidation[0].fileMatch, ['.faultline.yaml', '.faultline.yml']);
  assert.ok(manifest.activationEvents.includes('onLanguage:markdown'));
});

test('generated reports: the opened report is recognised by its text, then by its URI until closed', () => {
  const reports = new GeneratedReports();
  const doc = (uri: string, text: string) => ({ uri: { scheme: uri.split(':')[0]!, toString: () => uri }, getText: () => text });
  reports.expect('# Review\n');
  assert.equal(reports.claims(doc('file:///w/design.md', '# Review\n')), false, 'a file is never a generated report');
  assert.equal(reports.claims(doc('untitled:Untitled-1', '# Other\n')), false);
  assert.equal(reports.claims(doc('untitled:Untitled-2', '# Review\n')), true);
  // edited afterwards: still the report
  assert.equal(reports.claims(doc('untitled:Untitled-2', '# Review\nedited')), true);
  // the expected text was used up: another untitled doc with it is the user's own
  assert.equal(reports.claims(doc('untitled:Untitled-3', '# Review\n')), false);
  reports.forget(doc('untitled:Untitled-2', ''));
  assert.equal(reports.claims(doc('untitled:Untitled-2', '# Review\n')), false, 'a reused untitled URI is a new document');
  reports.expect('# R2\n');
  reports.unexpect('# R2\n');
  assert.equal(reports.claims(doc('untitled:Untitled-4', '# R2\n')), false);
});
