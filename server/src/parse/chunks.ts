/**
 * Splits Markdown source into independently parseable chunks: one per ATX heading (outside
 * fenced code), and large heading-less stretches further at blank lines before unindented
 * paragraphs. Chunks let an edit re-parse only what it touched, and keep remark's parse time
 * linear in the document size (its cost grows faster than linearly within one large input).
 */

export interface ChunkSpan {
  start: number;
  end: number;
}

/**
 * A heading-less stretch longer than this is split at the next paragraph. An edit re-parses its
 * whole chunk, so small chunks keep a keystroke cheap; below about 2 K the per-chunk work of the
 * merge eats what the smaller parse saves.
 */
const MAX_CHUNK = 2 * 1024;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BACKTICK = 96;
const TILDE = 126;
const LESS_THAN = 60;
const HASH = 35;
const ATX = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const LIST_OR_INDENT = /^(?:\s|[-*+>|]|\d+[.)])/;
/**
 * CommonMark HTML blocks of kinds 1-5 run until their end marker, across blank lines and
 * headings (a KEP's template guidance is one long <!-- comment -->): no chunk may start inside.
 */
const RAW_HTML: { open: RegExp; close: RegExp }[] = [
  { open: /^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, close: /<\/(?:script|pre|style|textarea)>/i },
  { open: /^ {0,3}<!--/, close: /-->/ },
  { open: /^ {0,3}<\?/, close: /\?>/ },
  { open: /^ {0,3}<![A-Za-z]/, close: />/ },
  { open: /^ {0,3}<!\[CDATA\[/, close: /\]\]>/ },
];

export function splitChunks(text: string): ChunkSpan[] {
  const spans: ChunkSpan[] = [];
  let chunkStart = 0;
  let fence: { code: number; len: number } | null = null;
  let rawClose: RegExp | null = null;
  let opened: RegExpExecArray | null;
  let prevBlank = false;
  let pos = 0;
  // YAML front matter stays with the first chunk
  if (text.startsWith('---')) {
    const close = text.search(/\r?\n---[ \t]*(\r?\n|$)/);
    if (close > 0) pos = text.indexOf('\n', close + 1) + 1 || text.length;
  }
  // next LF and next CR, each searched again only once passed: CR-only and mixed line breaks
  // split like LF ones (a document in one chunk would make every edit re-parse all of it)
  let lf = -1;
  let cr = -1;
  while (pos < text.length) {
    if (lf < pos) lf = indexOrEnd(text, '\n', pos);
    if (cr < pos) cr = indexOrEnd(text, '\r', pos);
    const lineEnd = Math.min(lf, cr);
    const nl = cr + 1 === lf ? lf : lineEnd; // the last character of the line break
    // most lines are prose: only the first character past the indentation is looked at
    let first = pos;
    while (first < lineEnd && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
    const blank = first === lineEnd;
    const c = text.charCodeAt(first);
    const headEnd = Math.min(lineEnd, pos + 200);
    if (rawClose) {
      if (rawClose.test(text.slice(pos, lineEnd))) rawClose = null;
    } else if (fence) {
      if (c === fence.code) {
        const line = text.slice(pos, headEnd);
        const f = FENCE.exec(line);
        if (f && f[1]!.length >= fence.len && line.trim() === f[1]) fence = null;
      }
    } else if ((c === BACKTICK || c === TILDE) && (opened = FENCE.exec(text.slice(pos, headEnd)))) {
      fence = { code: c, len: opened[1]!.length };
    } else if (c === LESS_THAN && (rawClose = rawHtmlClose(text, pos, lineEnd))) {
      // (the block may close on its first line: then nothing is open)
    } else if (pos > chunkStart) {
      const heading = c === HASH && ATX.test(text.slice(pos, headEnd));
      const bigBreak = !heading && pos - chunkStart > MAX_CHUNK && prevBlank && !blank && !LIST_OR_INDENT.test(text.slice(pos, headEnd));
      if (heading || bigBreak) {
        spans.push({ start: chunkStart, end: pos });
        chunkStart = pos;
      }
    }
    prevBlank = !fence && !rawClose && blank;
    pos = nl + 1;
  }
  if (chunkStart < text.length || spans.length === 0) spans.push({ start: chunkStart, end: text.length });
  return spans;
}

/** The end marker of an HTML block of kinds 1-5 opening on this line and left open by it, if any. */
function rawHtmlClose(text: string, pos: number, lineEnd: number): RegExp | null {
  const line = text.slice(pos, lineEnd);
  for (const { open, close } of RAW_HTML) {
    const opened = open.exec(line);
    if (opened) return close.test(line.slice(opened[0].length)) ? null : close;
  }
  return null;
}

function indexOrEnd(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i === -1 ? text.length : i;
}
