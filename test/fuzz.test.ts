/**
 * Fuzz tests with a fixed seed (the long run is `npm run bench -- --fuzz N`): mutated corpus and
 * generated design docs — deep nesting, long lines, NUL and lone surrogates, huge tables, unclosed
 * fences, CR/CRLF mixes, BOMs — through the engine and the built language server. Nothing may
 * throw, every range must lie inside the document, and the fast block reader must agree with
 * remark's tree exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../server/src/analysis/analyzer';
import { blocksFromTree, blocksOf, parseMarkdown } from '../server/src/parse/blocks';
import { splitChunks } from '../server/src/parse/chunks';
import { PhraseMatcher, foldPhrase, type PhraseHit } from '../server/src/vocabulary/phraseMatcher';
import { fuzzCases, MUTATIONS } from '../scripts/bench/fuzzCases';
import { analysisProblems, diagnosticProblems } from '../scripts/bench/invariants';
import { seededRng } from '../scripts/bench/generateDoc';
import { LspClient } from './helpers/lspClient';

const SEED = 20261122;
const analyzer = new Analyzer();

test('every mutation kind is exercised by the fixed-seed cases', () => {
  const seen = new Set<string>();
  for (const c of fuzzCases({ seed: SEED, count: 400 })) for (const m of c.name.split(' ')[1]!.split('+')) seen.add(m);
  assert.deepEqual([...seen].sort(), Object.keys(MUTATIONS).sort());
});

test('engine: 400 mutated documents analyse without throwing, with every range inside the document', () => {
  const failures: string[] = [];
  let index = 0;
  for (const c of fuzzCases({ seed: SEED, count: 400 })) {
    try {
      // keyed, as the server analyses: the chunk cache sees each case after the previous one
      const result = analyzer.analyze(c.text, { force: true }, 'fuzz');
      for (const p of analysisProblems(c.text, result)) failures.push(`${c.name}: ${p}`);
      for (const e of result.ruleErrors) failures.push(`${c.name}: rule ${e.rule} threw: ${e.message}`);
      if (index++ % 8 === 0) {
        const scratch = analyzer.analyze(c.text, { force: true });
        const shape = (r: typeof result) => r.findings.map((f) => `${f.rule}@${f.start}-${f.end}`).join(' ');
        if (shape(scratch) !== shape(result)) failures.push(`${c.name}: the incremental analysis differs from a fresh one`);
      }
    } catch (e) {
      failures.push(`${c.name}: threw ${(e as Error).stack}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('engine: a 1 MB single line, a 2,000-row table and 1,000-deep nesting are analysed', () => {
  const rnd = seededRng(SEED);
  const line = Array.from({ length: 110_000 }, (_, i) => ['Kafka', 'queue', 'retries', '3 s', 'PostgreSQL', '->', 'キュー', '`q`'][i % 8]).join(' ');
  const table = ['| Service | Store | Timeout |', '|---|---|---|', ...Array.from({ length: 2000 }, (_, i) => `| Worker${i} | Redis | ${i % 30} s |`)].join('\n');
  const lists = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
  const quotes = `${'>'.repeat(1000)} SQS queue \`deep\``;
  for (const [name, body] of [['line', line], ['table', table], ['lists', lists], ['quotes', quotes]] as const) {
    const text = `# Design\n\n## Part\n\n${body}\n\n${MUTATIONS.weird!('Tail with SQS.', rnd)}\n`;
    assert.ok(name !== 'line' || text.length > 1_000_000);
    const result = analyzer.analyze(text, { force: true });
    assert.deepEqual(analysisProblems(text, result), [], name);
    assert.deepEqual(result.ruleErrors, [], name);
  }
});

test('the block reader agrees with remark\'s tree on every chunk of 300 mutated documents', () => {
  const differences: string[] = [];
  for (const c of fuzzCases({ seed: SEED + 1, count: 300, maxBase: 3000 })) {
    for (const span of splitChunks(c.text)) {
      const chunk = c.text.slice(span.start, span.end);
      // the code language is the info word as written (remark decodes escapes in it): not compared
      const fast = blocksOf(chunk).map((b) => ({ ...b, lang: undefined }));
      const reference = blocksFromTree(chunk, parseMarkdown(chunk)).map((b) => ({ ...b, lang: undefined }));
      if (JSON.stringify(fast) !== JSON.stringify(reference)) differences.push(`${c.name} chunk at ${span.start}: ${JSON.stringify(chunk.slice(0, 120))}`);
    }
  }
  assert.deepEqual(differences, []);
});

test('GFM task list items: the paragraph starts where remark starts it', () => {
  const cases = ['- [ ] plain task', '- [x] done task', '* [X] upper', '- [ ] **bold** first', '- [ ] `code` first', '- [ ] a@b.example mail', '- [ ] www.example.com', '- [ ]  two spaces', '- [ ]\ttab', '- [ ]\n  next line', '- [ ]', '- [ ] ', '- [x]y', '1. [ ] ordered', '- > [ ] quoted', '- [\n  ] broken', '-\n  [ ] later', '- [ ] [link](x)', '- [ ] &amp; entity', '- [ ] \\* escaped'];
  for (const text of cases) {
    assert.deepEqual(blocksOf(text), blocksFromTree(text, parseMarkdown(text)), JSON.stringify(text));
  }
});

/** The phrase matcher's contract, the slow obvious way: fold, then look for every phrase. */
function naiveMatch<T>(phrases: { phrase: string; value: T }[], source: string): PhraseHit<T>[] {
  const folded: number[] = [];
  const offsets: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '*' || ch === '`') continue;
    if (/^[ \t\n\r\u3000]$/.test(ch)) {
      if (lastSpace) continue;
      lastSpace = true;
      folded.push(32);
    } else {
      lastSpace = false;
      folded.push(foldPhrase(ch).charCodeAt(0) || ch.charCodeAt(0));
    }
    offsets.push(i);
  }
  const text = String.fromCharCode(...folded);
  const word = (c: number) => /[A-Za-z0-9_]/.test(String.fromCharCode(c));
  const hits: PhraseHit<T>[] = [];
  for (let i = 0; i < text.length; i++) {
    for (const p of phrases) {
      if (!text.startsWith(p.phrase, i)) continue;
      const last = i + p.phrase.length - 1;
      if (word(p.phrase.charCodeAt(0)) && i > 0 && word(text.charCodeAt(i - 1))) continue;
      let end = last;
      if (word(p.phrase.charCodeAt(p.phrase.length - 1)) && last + 1 < text.length && word(text.charCodeAt(last + 1))) {
        if (!(text[last + 1] === 's' && (last + 2 >= text.length || !word(text.charCodeAt(last + 2))))) continue;
        end = last + 1;
      }
      hits.push({ start: offsets[i]!, end: offsets[end]! + 1, value: p.value, phrase: p.phrase });
    }
  }
  return hits;
}

test('the phrase matcher finds exactly what a naive search finds, on mutated text', () => {
  const phrases = ['queue', 'dead letter queue', 'dead-letter queue', 'SQS', 'Amazon SQS', 'retry', 'retries', 'circuit breaker', 'キュー', 'デッドレターキュー', 'ｑｕｅｕｅ', 'p99', 'c++', 'a', 'at-least-once', 'WAL アーカイブ'];
  const matcher = new PhraseMatcher<string>();
  for (const p of phrases) matcher.add(p, p);
  const folded = phrases.map((p) => ({ phrase: foldPhrase(p), value: p }));
  const key = (h: PhraseHit<string>) => `${h.start}-${h.end}-${h.value}`;
  let compared = 0;
  for (const c of fuzzCases({ seed: SEED + 2, count: 120, maxBase: 1500 })) {
    const text = c.text.slice(0, 4000);
    const got = matcher.match(text).map(key).sort();
    const want = naiveMatch(folded, text).map(key).sort();
    assert.deepEqual(got, want, c.name);
    compared += want.length;
  }
  assert.ok(compared > 100, `the cases contain phrases (${compared} hits compared)`);
});

test('server: 40 mutated documents over stdio: diagnostics inside each document, no error logged, still serving', async () => {
  const client = await LspClient.start({ settings: { faultline: { debounceMs: 0 } } });
  try {
    const failures: string[] = [];
    let n = 0;
    const open: string[] = [];
    for (const c of fuzzCases({ seed: SEED + 3, count: 40, maxBase: 4000 })) {
      const uri = `file:///tmp/faultline-fuzz-test/${++n}.md`;
      // half forced into review by front matter, so that findings (not only skips) are checked
      const text = n % 2 ? `---\nfaultline: true\n---\n${c.text}` : c.text;
      await client.open(uri, text);
      open.push(uri);
      const published = await client.waitForDiagnostics(uri, { version: 1 });
      for (const p of diagnosticProblems(client.document(uri), published.diagnostics)) failures.push(`${c.name}: ${p}`);
      // an edit that breaks the document further, as typing does
      const doc = client.document(uri);
      const changed = await client.change(uri, [{ range: { start: doc.positionAt(doc.getText().length >> 1), end: doc.positionAt(doc.getText().length >> 1) }, text: '\r\n```\n> - [ ] \u0000\uD800' }]);
      const after = await client.waitForDiagnostics(uri, { version: changed.version });
      for (const p of diagnosticProblems(client.document(uri), after.diagnostics)) failures.push(`${c.name} (edited): ${p}`);
    }
    assert.deepEqual(failures, []);
    assert.equal(client.hasExited, false);
    assert.deepEqual(client.logMessages.filter((m) => m.type === 1).map((m) => m.message), []);
    assert.ok(client.published.some((p) => p.diagnostics.some((d) => typeof d.code === 'string')), 'some mutated documents still have findings');
    for (const uri of open) await client.close(uri);
  } finally {
    await client.stop();
  }
});
