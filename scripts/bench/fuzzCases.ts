/**
 * Hostile and broken Markdown for the fuzz tests and the long fuzz run of the benchmark:
 * real design docs (the shared corpus and public design docs) cut and mutated — deep list and
 * quote nesting, very long single lines, NUL and lone surrogates, huge tables, unclosed fences,
 * CR/CRLF/LF mixes, byte order marks — plus generated design docs. Deterministic per seed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateDesignDoc, int, pick, seededRng, type Rng } from './generateDoc';

export const SHARED_CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

/** The corpus design docs and the public design docs (paths), sorted. */
export function corpusDesignDocs(root = SHARED_CORPUS): string[] {
  if (!fs.existsSync(root)) return [];
  const own = fs.readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'design.md')))
    .map((d) => path.join(root, d.name, 'design.md'));
  const publicDir = path.join(root, 'public', 'design');
  const pub = fs.existsSync(publicDir) ? fs.readdirSync(publicDir).filter((f) => f.endsWith('.md')).map((f) => path.join(publicDir, f)) : [];
  return [...own, ...pub].sort();
}

export interface FuzzCase {
  name: string;
  text: string;
}

type Mutation = (text: string, rnd: Rng) => string;

/**
 * Size of the generated hostile pieces (nesting depth, line length, table size), 1 by default:
 * the quick fixed-seed tests use a fraction, the long fuzz run of the benchmark the full size.
 */
let scale = 1;
const sized = (rnd: Rng, lo: number, hi: number) => int(rnd, Math.max(1, Math.round(lo * scale)), Math.max(1, Math.round(hi * scale)));

const insertAt = (text: string, at: number, piece: string) => text.slice(0, at) + piece + text.slice(at);
const randomOffset = (text: string, rnd: Rng) => Math.floor(rnd() * (text.length + 1));
function lineStartNear(text: string, rnd: Rng): number {
  const at = randomOffset(text, rnd);
  const nl = text.lastIndexOf('\n', at - 1);
  return nl + 1;
}

/** Markdown syntax that changes block structure when dropped anywhere. */
const SYNTAX = ['# ', '## ', '###### ', '#', '- ', '* ', '+ ', '1. ', '1) ', '> ', '>', '| a | b |\n|---|---|\n', '|', '```', '~~~', '```yaml\n', '    ', '\t', '<!--', '-->', '<div>', '</div>', '---\n', '***', '===\n', '[^1]: ', '[x]: http://e.x', '- [ ] ', '- [x] ', '\\', '`', '**', '_', '<', '&amp;', '&#0;', '→', ' -> ', '\n', '\n\n', '\r', '\r\n'];
const WEIRD = ['\u0000', '\uD800', '\uDC00', '\uFEFF', '\u2028', '\u2029', '\u00A0', '\u3000', '\uFFFD', '\u200B', '\u0301', '😀', '𠮷', '\u000B', '\u000C', '\u001B', '\u007F', 'ｑｕｅｕｅ', 'キュー', '　'];

export const MUTATIONS: Record<string, Mutation> = {
  syntax: (t, r) => {
    let out = t;
    for (let i = int(r, 1, 12); i > 0; i--) out = insertAt(out, randomOffset(out, r), pick(r, SYNTAX));
    return out;
  },
  weird: (t, r) => {
    let out = t;
    for (let i = int(r, 1, 20); i > 0; i--) out = insertAt(out, randomOffset(out, r), pick(r, WEIRD));
    return out;
  },
  deleteRanges: (t, r) => {
    let out = t;
    for (let i = int(r, 1, 6); i > 0; i--) {
      const at = randomOffset(out, r);
      out = out.slice(0, at) + out.slice(Math.min(out.length, at + int(r, 1, 400)));
    }
    return out;
  },
  duplicateRange: (t, r) => {
    const at = randomOffset(t, r);
    const piece = t.slice(at, at + int(r, 1, 2000));
    return insertAt(t, randomOffset(t, r), piece);
  },
  deepList: (t, r) => {
    const depth = sized(r, 20, 300);
    const marker = pick(r, ['- ', '* ', '1. ']);
    const lines = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}${marker}level ${i} Kafka queue \`q${i}\``);
    return insertAt(t, lineStartNear(t, r), `\n${lines.join('\n')}\n\n`);
  },
  deepQuote: (t, r) => {
    const depth = sized(r, 20, 500);
    return insertAt(t, lineStartNear(t, r), `\n${'>'.repeat(depth)} PostgreSQL stores orders ${'> '.repeat(int(r, 0, 50))}- item\n\n`);
  },
  mixedQuoteList: (t, r) => {
    const depth = sized(r, 10, 120);
    const lines = Array.from({ length: depth }, (_, i) => `${'> '.repeat(i % 7)}${'   '.repeat(i)}${i % 2 ? '- ' : '1. '}step ${i} → Redis → SQS`);
    return insertAt(t, lineStartNear(t, r), `\n${lines.join('\n')}\n`);
  },
  longLine: (t, r) => {
    const words = ['Kafka', 'queue', 'retry', 'PostgreSQL', 'timeout', 'キュー', 'a', '`x`', '**b**', 'http://e.x/', '->', '|'];
    const n = sized(r, 2_000, 40_000);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(pick(r, words));
    return insertAt(t, lineStartNear(t, r), `${parts.join(pick(r, [' ', '', ' | ']))}\n`);
  },
  hugeTable: (t, r) => {
    const cols = int(r, 2, 40);
    const rows = sized(r, 50, 800);
    const row = (i: number) => `| ${Array.from({ length: cols }, (_, c) => (c === 0 ? `Service${i}` : pick(r, ['SQS', 'Redis', '3 s', '99.9%', '', 'GET /v1/x', 'x']))).join(' | ')} |`;
    const table = [row(0), `|${'---|'.repeat(cols)}`, ...Array.from({ length: rows }, (_, i) => row(i + 1))].join('\n');
    return insertAt(t, lineStartNear(t, r), `\n${table}\n\n`);
  },
  unclosedFence: (t, r) => insertAt(t, lineStartNear(t, r), `${pick(r, ['```', '~~~', '````mermaid', '```yaml'])}\n`),
  lineEndings: (t, r) => {
    const style = pick(r, ['crlf', 'cr', 'mixed'] as const);
    if (style === 'crlf') return t.replace(/\r?\n/g, '\r\n');
    if (style === 'cr') return t.replace(/\r?\n/g, '\r');
    return t.replace(/\r?\n/g, () => pick(r, ['\n', '\r\n', '\r', '\n\r']));
  },
  bom: (t, r) => (r() < 0.7 ? `\uFEFF${t}` : insertAt(t, randomOffset(t, r), '\uFEFF')),
  frontMatter: (t, r) => `${pick(r, ['---\nlang: ja\n---\n', '---\nfaultline: true\n', '---\n: [\n---\n', '+++\ntitle = "x"\n+++\n', '---\r\nlanguage: en\r\n---\r\n'])}${t}`,
  htmlComments: (t, r) => insertAt(t, lineStartNear(t, r), pick(r, ['<!-- faultline-disable timeout -->\n', '<!-- faultline-disable-file nope -->\n', '<!-- faultline-accept retry-policy: ok, T-1 -->\n', '<!-- unclosed\n', '<!-- faultline-disable -->\n'])),
};

/** A window of a real document (whole when small), so that cases stay cheap in the quick tests. */
function window(text: string, rnd: Rng, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const length = int(rnd, Math.floor(maxLength / 4), maxLength);
  const start = Math.floor(rnd() * (text.length - length));
  return text.slice(start, start + length);
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** longest window of a base document (default 6,000 characters) */
  maxBase?: number;
  /** base documents (default: the shared corpus design docs and generated ones) */
  bases?: string[];
  /** size of the hostile pieces, 1 (the default) for full size: depth, line length, table rows */
  scale?: number;
}

/** `count` mutated documents, deterministic for a seed. */
export function* fuzzCases(options: FuzzOptions): Generator<FuzzCase> {
  const rnd = seededRng(options.seed);
  const bases = options.bases ?? [
    ...corpusDesignDocs().map((f) => fs.readFileSync(f, 'utf8')),
    generateDesignDoc(20_000, options.seed),
    generateDesignDoc(20_000, options.seed + 1, { ja: true }),
    '',
  ];
  const names = Object.keys(MUTATIONS);
  const maxBase = options.maxBase ?? 6_000;
  for (let i = 0; i < options.count; i++) {
    let text = window(pick(rnd, bases), rnd, maxBase);
    const applied: string[] = [];
    for (let m = int(rnd, 1, 3); m > 0; m--) {
      const name = pick(rnd, names);
      scale = options.scale ?? 1;
      try {
        text = MUTATIONS[name]!(text, rnd);
      } finally {
        scale = 1;
      }
      applied.push(name);
    }
    yield { name: `#${i} ${applied.join('+')}`, text };
  }
}

/** The largest hostile inputs, whole: a 1 MB single line, a 2,000-row table, 1,000-deep lists and quotes. */
export function hugeHostileCases(): FuzzCase[] {
  const words = ['Kafka', 'queue', 'retries', '3 s', 'PostgreSQL', '->', 'キュー', '`q`'];
  const line = Array.from({ length: 200_000 }, (_, i) => words[i % words.length]).join(' ');
  const table = ['| Service | Store | Timeout |', '|---|---|---|', ...Array.from({ length: 2000 }, (_, i) => `| Worker${i} | Redis | ${i % 30} s |`)].join('\n');
  const lists = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- level ${i} uses PostgreSQL`).join('\n');
  const quotes = Array.from({ length: 1000 }, (_, i) => `${'> '.repeat(i)}SQS queue \`deep\``).join('\n');
  const wrap = (body: string) => `# Design\n\n## Part\n\n${body}\n\nTail with SQS.\n`;
  return [
    { name: 'huge: 1 MB single line', text: wrap(line) },
    { name: 'huge: 2,000-row table', text: wrap(table) },
    { name: 'huge: 1,000-deep list', text: wrap(lists) },
    { name: 'huge: 1,000-deep quotes', text: wrap(quotes) },
  ];
}
