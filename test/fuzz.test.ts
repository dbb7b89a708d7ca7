/**
 * Fuzz tests with a fixed seed (the long run is `npm run bench -- --fuzz N`): mutated corpus and
 * generated design docs — deep nesting, long lines, NUL and lone surrogates, huge tables, unclosed
 * fences, CR/CRLF mixes, BOMs — through the engine and the built language server. Nothing may
 * throw, every range must lie inside the document, and the fast block reader must agree with
 * remark's tree exactly. Quick: few cases, hostile pieces at a quarter size; the huge inputs are
 * in test/hostile-input.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../server/src/analysis/analyzer';
import { blocksByLine, blocksFromTree, blocksOf, nestingCost, NESTING_BUDGET, parseMarkdown } from '../server/src/parse/blocks';
import { splitChunks } from '../server/src/parse/chunks';
import { PhraseMatcher, foldPhrase, type PhraseHit } from '../server/src/vocabulary/phraseMatcher';
import { fuzzCases, MUTATIONS } from '../scripts/bench/fuzzCases';
import { analysisProblems, diagnosticProblems } from '../scripts/bench/invariants';
import { LspClient } from './helpers/lspClient';

const SEED = 20261122;
const analyzer = new Analyzer();
// the quick fixed-seed counts; `npm run bench -- --fuzz N` runs thousands
const ENGINE_CASES = 60;
const READER_CASES = 50;
const SERVER_CASES = 12;
// hostile pieces at a quarter of their full size here (test/hostile-input.test.ts has the huge ones)
const SCALE = 0.25;

test('every mutation kind is exercised by the fixed-seed cases', () => {
  const seen = new Set<string>();
  for (const c of fuzzCases({ seed: SEED, count: 400, scale: SCALE })) for (const m of c.name.split(' ')[1]!.split('+')) seen.add(m);
  assert.deepEqual([...seen].sort(), Object.keys(MUTATIONS).sort());
});

test(`engine: ${ENGINE_CASES} mutated documents analyse without throwing, with every range inside the document`, () => {
  const failures: string[] = [];
  let index = 0;
  for (const c of fuzzCases({ seed: SEED, count: ENGINE_CASES, scale: SCALE })) {
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

test(`the block reader agrees with remark's tree on every chunk of ${READER_CASES} mutated documents`, () => {
  const differences: string[] = [];
  for (const c of fuzzCases({ seed: SEED + 1, count: READER_CASES, maxBase: 3000, scale: SCALE })) {
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

test('a byte order mark: blocks are relative to the text as given (micromark counts from after it)', () => {
  for (const text of ['\uFEFFplain paragraph\n\n- [ ] task item here\n', '\uFEFF\uFEFFtwo marks\n', '\uFEFF# Heading\n\n| a | b |\n|---|---|\n| c | d |\n', '\uFEFF```yaml\nkey: 1\n```\n', '\uFEFF\r\n- one\r\n  - two\r\n']) {
    const blocks = blocksOf(text);
    assert.deepEqual(blocks, blocksFromTree(text, parseMarkdown(text)), JSON.stringify(text));
    for (const b of blocks) assert.ok(b.start > 0, `${JSON.stringify(text)}: ${b.kind} includes the byte order mark`);
  }
  const pieces = (text: string) => blocksOf(text).map((b) => text.slice(b.start, b.end));
  assert.deepEqual(pieces('\uFEFFabc'), ['abc']);
  assert.deepEqual(pieces('\uFEFF- [ ] task item here\n'), ['task item here']);
  assert.deepEqual(pieces('\uFEFF```yaml\nkey: 1\n```'), ['```yaml', 'key: 1', '```']);
  // only the first mark is dropped: a second one is text
  assert.deepEqual(pieces('\uFEFF\uFEFFabc'), ['\uFEFFabc']);
});

test('pathological nesting is read line by line, in linear time, with the structure a reader sees', () => {
  const lists = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
  assert.ok(nestingCost(lists) > NESTING_BUDGET);
  // (micromark would take half a minute over it; no time is asserted, the test's own duration shows it)
  const blocks = blocksOf(lists);
  assert.deepEqual(blocks, blocksByLine(lists));
  assert.equal(blocks.length, 1000);
  assert.deepEqual(blocks.slice(0, 3).map((b) => [b.kind, lists.slice(b.start, b.end), b.level]), [['listItem', 'level 0', 1], ['listItem', 'level 1', 2], ['listItem', 'level 2', 3]]);
  assert.equal(blocks[999]!.level, 1000);
  // a 100-deep list, headings, fences and quotes stay far below the bound: the exact reader
  const ordinary = ['# T', '', ...Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i)}- item ${i}`), '', '```', 'code', '```', '', '> > quoted', ''].join('\n');
  assert.ok(nestingCost(ordinary) < NESTING_BUDGET / 10);
  assert.deepEqual(blocksOf(ordinary), blocksFromTree(ordinary, parseMarkdown(ordinary)));
  // the line reader on its own: headings, fenced code, list items, paragraphs
  const mixed = '# Head\n\nPara line\n- a\n  - b\n    more b\n```js\nx = 1\n```\n1. one\n';
  assert.deepEqual(blocksByLine(mixed).map((b) => [b.kind, mixed.slice(b.start, b.end), b.level ?? b.depth ?? b.lang]), [
    ['heading', '# Head', 1], ['paragraph', 'Para line', undefined], ['listItem', 'a', 1], ['listItem', 'b', 2], ['listItem', 'more b', 2],
    ['code', '```js', 'js'], ['code', 'x = 1', 'js'], ['code', '```', 'js'], ['listItem', 'one', 1],
  ]);
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
  for (const c of fuzzCases({ seed: SEED + 2, count: 120, maxBase: 1500, scale: SCALE })) {
    const text = c.text.slice(0, 4000);
    const got = matcher.match(text).map(key).sort();
    const want = naiveMatch(folded, text).map(key).sort();
    assert.deepEqual(got, want, c.name);
    compared += want.length;
  }
  assert.ok(compared > 100, `the cases contain phrases (${compared} hits compared)`);
});

test(`server: ${SERVER_CASES} mutated documents over stdio: diagnostics inside each document, no error logged, still serving`, async () => {
  const client = await LspClient.start({ settings: { faultline: { debounceMs: 0 } } });
  try {
    const failures: string[] = [];
    let n = 0;
    const open: string[] = [];
    for (const c of fuzzCases({ seed: SEED + 3, count: SERVER_CASES, maxBase: 4000, scale: SCALE })) {
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
