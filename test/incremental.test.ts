import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Analyzer } from '../server/src/analysis/analyzer';
import { ModelBuilder } from '../server/src/model/buildModel';
import { prng } from './helpers';
import { blocksOf } from '../server/src/parse/blocks';
import { splitChunks } from '../server/src/parse/chunks';

const base = fs.readFileSync(path.join(__dirname, 'fixtures/engine/fleet-telemetry.md'), 'utf8');
const snippets = [
  '\n## 7. Resilience\n\nAll outbound calls use a circuit breaker (Resilience4j) with a 2 s timeout.\n',
  '\n- Kafka consumer uses a dead-letter queue `telemetry-dlq` after 5 attempts.\n',
  '\n### Notes\n\n```yaml\nretry: { backoff: exponential, jitter: full, maxAttempts: 5 }\n```\n',
  'SQS ',
  ' → Redis → SQS',
  '\n1. Worker sends an e-mail through SendGrid.\n',
  '# ',
  '\n\n',
  '日本語の説明: 注文サービスは PostgreSQL に保存する。',
  '| x | y |\n|---|---|\n| a | b |\n',
  '```\n',
];

function comparable(r: ReturnType<Analyzer['analyze']>) {
  return { skipped: r.skipped, findings: r.findings.map((f) => ({ rule: f.rule, start: f.start, end: f.end, message: f.message, fix: f.fix })) };
}

test('re-analysis after random edits equals a from-scratch analysis', () => {
  const incremental = new Analyzer();
  const scratch = new Analyzer();
  const rnd = prng(20261122);
  let text = base;
  incremental.analyze(text, { force: true }, 'doc');
  for (let step = 0; step < 120; step++) {
    const at = Math.floor(rnd() * (text.length + 1));
    if (rnd() < 0.6) {
      text = text.slice(0, at) + snippets[Math.floor(rnd() * snippets.length)] + text.slice(at);
    } else {
      const len = Math.floor(rnd() * 80);
      text = text.slice(0, at) + text.slice(Math.min(text.length, at + len));
    }
    const a = incremental.analyze(text, { force: true }, 'doc');
    const b = scratch.analyze(text, { force: true });
    assert.deepEqual(comparable(a), comparable(b), `diverged at step ${step}`);
  }
});

test('a one-line edit re-parses only the chunk it touched', () => {
  const builder = new ModelBuilder(new Analyzer().vocabulary);
  builder.build(base);
  const total = builder.lastParsedChunks;
  assert.ok(total >= 6, `fixture splits into sections (${total})`);
  const edited = base.replace('- Availability target: 99.9%.', '- Availability target: 99.95%.');
  assert.notEqual(edited, base);
  builder.build(edited);
  assert.equal(builder.lastParsedChunks, 1);
});

test('a document-wide pattern test, answered chunk by chunk and kept across edits, equals a whole-text test', async () => {
  const { documentMatches } = await import('../server/src/model/buildModel');
  const builder = new ModelBuilder(new Analyzer().vocabulary);
  const patterns = [/\b(?:pgbouncer|rds\s+proxy)\b|connection\s+pooler/i, /\breplicated\s+(?:to|across)\b|に複製/gi, /\bRF\b/gi];
  // phrases that straddle the line breaks where chunks begin
  const seams = ['connection\n\n## pooler', 'rds\n\n\nproxy x\n', 'replicated\n# to\n', 'is replicated\n\nto three zones.\n', 'RF\n', '# PgBouncer\n'];
  // a long heading-less stretch is split at a paragraph: a phrase can straddle that
  const long = `${'The scheduler keeps its queue in memory and drains it in order.\n'.repeat(300)}It sits behind a connection\n\npooler of its own.\n`;
  const split = builder.build(long);
  assert.ok(split.chunks!.some((c) => long.slice(c.start).startsWith('pooler')), 'the stretch is split where the phrase breaks');
  assert.equal(documentMatches(split, patterns[0]!), true);
  const rnd = prng(7);
  let text = `${base}\n${long}`;
  for (let step = 0; step < 60; step++) {
    const at = text.lastIndexOf('\n', Math.floor(rnd() * text.length)) + 1;
    text = rnd() < 0.7 ? text.slice(0, at) + seams[Math.floor(rnd() * seams.length)] + text.slice(at) : text.slice(0, at) + text.slice(Math.min(text.length, at + 40));
    const model = builder.build(text);
    for (const re of patterns) {
      re.lastIndex = 0;
      assert.equal(documentMatches(model, re), re.test(text), `step ${step}: ${re}`);
    }
  }
});

/** Statements as the whole text parsed at once gives them: what chunking must not change. */
function wholeParse(text: string): string[] {
  return blocksOf(text).map((b) => `${b.kind}:${b.start}-${b.end}`);
}

const vocabulary = new Analyzer().vocabulary;

function chunkedParse(text: string): string[] {
  return new ModelBuilder(vocabulary).build(text).statements.map((s) => `${s.kind}:${s.start}-${s.end}`);
}

test('a long stretch splits into chunks, but never inside an HTML comment or raw HTML block', () => {
  const para = (i: number) => `Paragraph ${i} says the scheduler drains its queue in order and keeps no state of its own.\n\n`;
  const guidance = `<!--\nThis section is for the reviewers.\n\n${Array.from({ length: 60 }, (_, i) => para(i)).join('')}## Not a heading: still inside the comment\n\nMore guidance.\n-->\n\n`;
  const pre = `<pre>\n${Array.from({ length: 60 }, (_, i) => para(i)).join('')}</pre>\n\n`;
  const text = `# Design\n\n${Array.from({ length: 60 }, (_, i) => para(i)).join('')}${guidance}${pre}${Array.from({ length: 60 }, (_, i) => para(i)).join('')}`;
  const spans = splitChunks(text);
  assert.ok(spans.length >= 4, `the heading-less prose is split (${spans.length} chunks)`);
  const comment = { start: text.indexOf('<!--'), end: text.indexOf('-->') };
  const raw = { start: text.indexOf('<pre>'), end: text.indexOf('</pre>') };
  for (const s of spans) {
    assert.ok(!(s.start > comment.start && s.start <= comment.end), `no chunk starts inside the comment (${s.start})`);
    assert.ok(!(s.start > raw.start && s.start <= raw.end), `no chunk starts inside <pre> (${s.start})`);
  }
  assert.deepEqual(chunkedParse(text), wholeParse(text));
  // a comment closed on its own line leaves nothing open
  const closed = `# A\n\n<!-- note -->\n\n${Array.from({ length: 80 }, (_, i) => para(i)).join('')}`;
  assert.ok(splitChunks(closed).length > 2);
  assert.deepEqual(chunkedParse(closed), wholeParse(closed));
});

test('chunked parsing gives every corpus and example document the statements of a whole-text parse', () => {
  const roots = [path.join(__dirname, '../../shared/corpus'), path.join(__dirname, '../examples')];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) files.push(p);
    }
  };
  for (const r of roots) if (fs.existsSync(r)) walk(r);
  assert.ok(files.length >= 20, `documents found (${files.length})`);
  let split = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (splitChunks(text).length > 1) split++;
    assert.deepEqual(chunkedParse(text), wholeParse(text), path.relative(path.join(__dirname, '..'), f));
  }
  assert.ok(split >= files.length / 2, `most documents are chunked (${split} of ${files.length})`);
});

/** Everything a model says, as plain data (statements, sections, entities with their mentions, endpoints, flows, figures). */
function modelData(m: ReturnType<ModelBuilder['build']>) {
  return JSON.stringify({ statements: m.statements, sections: m.sections, entities: [...m.entities.values()], endpoints: [...m.endpoints.values()], flows: m.flows, figures: m.figures, language: m.language, lineStarts: m.lines.lineStarts, frontMatter: m.frontMatter });
}

test('after edits above, between and inside repeated sections, the model equals a from-scratch model', () => {
  // the same section text twice: its chunk is cached once and must be placed twice
  const repeated = '## Notes\n\nThe Billing Worker calls Stripe with a 5 s timeout and retries 3 times.\nPOST /v1/charges goes to the `charges` queue → Billing Worker → PostgreSQL.\n\n| pool | 20 connections |\n|---|---|\n| tasks | 10 |\n';
  let text = `# Billing\n\nOrders go to the SQS queue \`charges\`.\n\n${repeated}\n${repeated}\n## Middle\n\nPostgreSQL keeps the ledger.\n\n${repeated}\n${base}`;
  const incremental = new ModelBuilder(vocabulary);
  incremental.build(text);
  const rnd = prng(424242);
  const inserts = ['Kafka ', 'a\r\nb\rc ', '\n## Added\n\nRedis caches sessions for 30 s.\n', 'x', '\n\n', repeated];
  for (let step = 0; step < 80; step++) {
    const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    const at = lineStarts[Math.floor(rnd() * Math.min(lineStarts.length, 40))]!; // near the repeated sections
    text = rnd() < 0.75 ? text.slice(0, at) + inserts[Math.floor(rnd() * inserts.length)] + text.slice(at) : text.slice(0, at) + text.slice(Math.min(text.length, at + Math.floor(rnd() * 30)));
    const model = incremental.build(text);
    // (checked on its own too: a from-scratch build places repeated chunks the same way)
    model.statements.forEach((st, i) => {
      assert.equal(st.index, i, `step ${step}: statement numbering`);
      if (i > 0) assert.ok(st.start >= model.statements[i - 1]!.end, `step ${step}: statement ${i} after the one before`);
      for (const g of st.figures) assert.equal(g.statement, i);
    });
    const got = modelData(model);
    const want = modelData(new ModelBuilder(vocabulary).build(text));
    assert.equal(got, want, `step ${step}`);
  }
});
