import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzer } from './helpers';

const base = fs.readFileSync(path.join(__dirname, 'fixtures/engine/fleet-telemetry.md'), 'utf8');
const rulesOf = (text: string) => analyzer.analyze(text, { force: true }).findings.map((f) => f.rule);
const count = (text: string, rule: string) => rulesOf(text).filter((r) => r === rule).length;

test('the fixture has the findings the directives below silence', () => {
  assert.ok(count(base, 'circuit-breaker') >= 2);
  assert.equal(count(base, 'soft-delete'), 1);
  assert.equal(count(base, 'rpo-rto'), 1);
});

test('faultline-disable silences a rule for the rest of its section only', () => {
  const text = base.replace('## 2. Architecture\n', '## 2. Architecture\n\n<!-- faultline-disable circuit-breaker -->\n');
  assert.equal(count(text, 'circuit-breaker'), 0);
  assert.equal(count(text, 'timeout'), count(base, 'timeout'), 'other rules still report');
  const elsewhere = base.replace('## 4. API\n', '## 4. API\n\n<!-- faultline-disable circuit-breaker -->\n');
  assert.equal(count(elsewhere, 'circuit-breaker'), count(base, 'circuit-breaker'), 'a directive in another section changes nothing');
});

test('faultline-enable ends a disabled region', () => {
  const text = base
    .replace('| Maps | Google Maps API |', '<!-- faultline-disable circuit-breaker -->\n\n| Maps | Google Maps API |')
    .replace('## 2. Architecture\n', '## 2. Architecture\n');
  // the table was split: Google Maps and Twilio rows are after the directive
  assert.ok(count(text, 'circuit-breaker') < count(base, 'circuit-breaker'));
  const reenabled = text.replace('| Alerts | Twilio |', '<!-- faultline-enable circuit-breaker -->\n\n| Alerts | Twilio |');
  assert.ok(count(reenabled, 'circuit-breaker') > count(text, 'circuit-breaker'));
});

test('faultline-disable-next-line and -file', () => {
  const other = base.replace('- PostgreSQL: daily snapshots.', '<!-- faultline-disable-next-line soft-delete -->\n- PostgreSQL: daily snapshots.');
  assert.equal(count(other, 'soft-delete'), 1, 'only the named rule on the next line');
  const direct = base.replace('- PostgreSQL: daily snapshots.', '<!-- faultline-disable-next-line backup-restore -->\n- PostgreSQL: daily snapshots.');
  assert.equal(count(direct, 'backup-restore'), 0);
  const file = `${base}\n<!-- faultline-disable-file rpo-rto soft-delete -->\n`;
  assert.equal(count(file, 'rpo-rto'), 0);
  assert.equal(count(file, 'soft-delete'), 0);
  assert.ok(count(file, 'circuit-breaker') > 0);
});

test('faultline-accept keeps the finding as an accepted risk (Hint) with its reason', () => {
  const text = `${base}\n<!-- faultline-accept rpo-rto: data is rebuildable from Kafka, OPS-123 -->\n`;
  const f = analyzer.analyze(text, { force: true }).findings.find((x) => x.rule === 'rpo-rto');
  assert.ok(f);
  assert.equal(f.severity, 'hint');
  assert.equal(f.tier, 'minor');
  assert.deepEqual(f.accepted, { reason: 'data is rebuildable from Kafka, OPS-123' });
});

test('an unknown rule in a directive is a notice, not a silent no-op', () => {
  const text = `${base}\n<!-- faultline-disable dead-letter-queu -->\n`;
  const r = analyzer.analyze(text, { force: true });
  assert.equal(r.notices.length, 1);
  assert.match(r.notices[0]!.message, /unknown rule "dead-letter-queu"/);
  assert.equal(r.notices[0]!.range.start.line, text.split('\n').length - 2);
});
