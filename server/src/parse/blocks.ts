import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { visitParents } from 'unist-util-visit-parents';
import type { Root, Nodes, List } from 'mdast';
import { blocksFromEvents, codeLines, shiftBlocks, startsWithBom } from './blockEvents';

/**
 * The block-level units the design model is read from. A "statement" is one paragraph, list
 * item paragraph, table row, heading, or one line of a code block: small enough that words
 * found together in it belong together.
 */
export type BlockKind = 'heading' | 'paragraph' | 'listItem' | 'tableRow' | 'code' | 'html' | 'frontmatter';

export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  /** heading depth 1-6 */
  depth?: number;
  /** list item of an ordered list */
  ordered?: boolean;
  /** identifies the list a list item belongs to (offset of the list) */
  list?: number;
  /** nesting depth of list items */
  level?: number;
  /** first row of a table */
  tableHeader?: boolean;
  /** offset of the table a row belongs to */
  table?: number;
  /** code block language: the first word of the fence's info string, as written */
  lang?: string;
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);

export function parseMarkdown(text: string): Root {
  return processor.parse(text) as Root;
}

/**
 * Blocks of one chunk, offsets relative to the chunk text. Read from micromark's block events
 * (no inline parse, no tree); the full remark parse only where those cannot decide.
 */
export function blocksOf(text: string): Block[] {
  if (nestingCost(text) > NESTING_BUDGET) return blocksByLine(text);
  return blocksFromEvents(text) ?? blocksFromTree(text, parseMarkdown(text));
}

/**
 * micromark re-scans a line's remaining indentation once per open container (each list item
 * checks whether the rest of the line is blank), so a list nested n deep costs O(n) per
 * container per line: a 1,000-deep list of 1 MB takes half a minute to parse, 1,000 nested block
 * quotes ten seconds (remark and markdownlint parse with micromark too). Beyond this many steps
 * (about a second of parsing) a chunk is read line by line instead (see blocksByLine). Ordinary
 * documents, even with lists nested 100 deep, stay far below it.
 */
export const NESTING_BUDGET = 25_000_000;

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

/** Columns of leading spaces and tabs (tab stops of 4) of `text` from `pos`, and where they end. */
function indentAt(text: string, pos: number): { width: number; end: number } {
  let width = 0;
  let i = pos;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) width++;
    else if (c === 9) width += 4 - (width % 4);
    else break;
  }
  return { width, end: i };
}

interface LineShape {
  start: number;
  /** end of the line's text, before its line break */
  end: number;
  /** block quote markers before the content */
  quotes: number;
  /** columns of indentation after the quote markers */
  indent: number;
  /** where the content (or the list marker) starts */
  content: number;
  /** a list item marker's width including the space after it, 0 when the line is no list item */
  marker: number;
}

function* lineShapes(text: string): Generator<LineShape> {
  let pos = 0;
  while (pos < text.length) {
    let end = pos;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    let i = pos;
    let quotes = 0;
    for (;;) {
      const { end: after } = indentAt(text, i);
      if (text.charCodeAt(after) !== 62 /* > */ || after >= end) break;
      quotes++;
      i = after + 1;
    }
    const lead = indentAt(text, i);
    const m = LIST_MARKER.exec(text.slice(lead.end, Math.min(end, lead.end + 12)));
    yield { start: pos, end, quotes, indent: lead.width, content: lead.end, marker: m ? m[0].length : 0 };
    pos = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
}

/**
 * An estimate of micromark's container steps for a chunk: per line, the open list items (those
 * whose content column the line's indentation reaches) times the indentation they re-scan, and
 * the square of its quote markers.
 */
export function nestingCost(text: string): number {
  // cheap exit: no line of the chunk is indented far enough to matter
  if (!/\n[ \t>]{64}/.test(text)) return 0;
  const contentColumns: number[] = [];
  let cost = 0;
  for (const line of lineShapes(text)) {
    if (line.end === line.content) continue; // blank: closes nothing by itself
    while (contentColumns.length && contentColumns[contentColumns.length - 1]! > line.indent) contentColumns.pop();
    // (block quotes cost about six times a list level per marker: measured on micromark 4)
    cost += contentColumns.length * (line.indent + 2 * line.quotes) + 6 * line.quotes * line.quotes;
    if (line.marker) contentColumns.push(line.indent + line.marker);
  }
  return cost;
}

/**
 * The degraded reading of a pathologically nested chunk: one block per non-blank line — a
 * heading, a list item (its level from the indentation), a code line inside a fence, or a
 * paragraph. Linear in the chunk's length; the statements are the lines a reader sees.
 */
export function blocksByLine(text: string): Block[] {
  const blocks: Block[] = [];
  const lists: { column: number; list: number; ordered: boolean }[] = [];
  let fence: { char: number; len: number; lang?: string } | undefined;
  for (const line of lineShapes(text)) {
    if (line.end === line.content) continue;
    const rest = text.slice(line.content, Math.min(line.end, line.content + 200));
    const f = /^(`{3,}|~{3,})\s*([^\s`]*)/.exec(rest);
    if (fence) {
      blocks.push({ kind: 'code', start: line.content, end: line.end, lang: fence.lang });
      if (f && f[1]!.charCodeAt(0) === fence.char && f[1]!.length >= fence.len && !f[2]) fence = undefined;
      continue;
    }
    if (f) {
      fence = { char: f[1]!.charCodeAt(0), len: f[1]!.length, lang: f[2] || undefined };
      blocks.push({ kind: 'code', start: line.content, end: line.end, lang: fence.lang });
      continue;
    }
    const heading = /^(#{1,6})(?:[ \t]|$)/.exec(rest);
    if (heading && line.indent < 4 && line.quotes === 0) {
      lists.length = 0;
      blocks.push({ kind: 'heading', start: line.start, end: line.end, depth: heading[1]!.length });
      continue;
    }
    while (lists.length && lists[lists.length - 1]!.column > line.indent) lists.pop();
    if (line.marker) {
      const ordered = /^\d/.test(rest);
      const top = lists[lists.length - 1];
      if (!top || top.column < line.indent) lists.push({ column: line.indent, list: line.content, ordered });
      const current = lists[lists.length - 1]!;
      const start = indentAt(text, line.content + line.marker).end;
      if (start < line.end) blocks.push({ kind: 'listItem', start, end: line.end, ordered: current.ordered, list: current.list, level: lists.length });
      continue;
    }
    const last = lists[lists.length - 1];
    if (last) blocks.push({ kind: 'listItem', start: line.content, end: line.end, ordered: last.ordered, list: last.list, level: lists.length });
    else blocks.push({ kind: 'paragraph', start: line.content, end: line.end });
  }
  return blocks;
}

/** Blocks from remark's tree: the reference the fast path must agree with. */
export function blocksFromTree(text: string, tree: Root): Block[] {
  // the tree's offsets skip a leading byte order mark (see startsWithBom)
  const bom = startsWithBom(text);
  if (bom) text = text.slice(1);
  const blocks: Block[] = [];
  visitParents(tree, (node: Nodes, ancestors: Nodes[]) => {
    const parent = ancestors[ancestors.length - 1];
    const p = node.position;
    if (!p || p.start.offset === undefined || p.end.offset === undefined) return;
    const start = p.start.offset;
    const end = p.end.offset;
    switch (node.type) {
      case 'heading':
        blocks.push({ kind: 'heading', start, end, depth: node.depth });
        return 'skip';
      case 'paragraph': {
        if (parent?.type === 'listItem') {
          const list = ancestors[ancestors.length - 2] as List | undefined;
          const level = ancestors.filter((a) => a.type === 'listItem').length;
          blocks.push({ kind: 'listItem', start, end, ordered: list?.ordered ?? false, list: list?.position?.start.offset, level });
        } else {
          blocks.push({ kind: 'paragraph', start, end });
        }
        return 'skip';
      }
      case 'table': {
        let first = true;
        for (const row of node.children) {
          const rp = row.position;
          if (rp?.start.offset === undefined || rp.end.offset === undefined) continue;
          blocks.push({ kind: 'tableRow', start: rp.start.offset, end: rp.end.offset, tableHeader: first, table: start });
          first = false;
        }
        return 'skip';
      }
      case 'code':
        codeLines(text, start, end, node.lang ?? undefined, blocks);
        return 'skip';
      case 'html':
        blocks.push({ kind: 'html', start, end });
        return 'skip';
      case 'yaml':
      case 'toml' as never:
        blocks.push({ kind: 'frontmatter', start, end });
        return 'skip';
      default:
        return undefined;
    }
  });
  blocks.sort((a, b) => a.start - b.start);
  return bom ? shiftBlocks(blocks, 1) : blocks;
}

