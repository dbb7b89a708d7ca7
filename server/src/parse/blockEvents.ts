import { parse, preprocess } from 'micromark';
import { subtokenize } from 'micromark-util-subtokenize';
import { gfm } from 'micromark-extension-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import type { Event, Token } from 'micromark-util-types';
import type { Block } from './blocks';

/**
 * Blocks straight from micromark's block-level events, without inline parsing or an mdast tree.
 *
 * The design model needs only where paragraphs, list items, headings, table rows, code, HTML and
 * front matter start and end. CommonMark settles that block structure before any inline parsing,
 * so the inline phase (most of remark's time) is skipped: text chunks are never tokenized. The
 * parser and extensions are the same micromark that remark-parse and remark-gfm run, so the
 * blocks are the ones remark's tree would give; test/fuzz.test.ts checks that against the tree.
 *
 * Returns undefined for the one case the block events cannot decide alone: a GFM task list item
 * whose text right after the `[ ]` may start an inline construct (remark then moves the
 * paragraph's start or not, depending on the inline parse). The caller parses that chunk fully.
 */

// constructs that only occur inside text: never needed, since text is not tokenized at all
const INLINE_ONLY = { disable: { null: ['gfmFootnoteCall', 'gfmPotentialFootnoteCall', 'labelStartLink', 'labelStartImage', 'labelEnd'] } };
const EXTENSIONS = [gfm(), frontmatter(['yaml', 'toml']), INLINE_ONLY];

// combining the extensions is a good part of the cost of a small chunk: one parser, reset per use
// (`defined` and `lazy` are the only per-document state micromark keeps on it; parsing is synchronous)
const PARSER = parse({ extensions: EXTENSIONS });

function blockEvents(text: string): Event[] {
  const parser = PARSER;
  parser.defined = [];
  parser.lazy = {};
  const events = parser.document().write(preprocess()(text, undefined, true));
  // micromark's postprocess, minus the text and string content types (inline syntax)
  for (;;) {
    for (const [, token] of events) {
      if (token.contentType === 'text' || token.contentType === 'string') token.contentType = undefined;
    }
    if (subtokenize(events)) return events;
  }
}

type Container = { kind: 'list'; ordered: boolean; start: number } | { kind: 'other' };

/** `[ ]`, `[x]` or `[X]` as GFM reads a task list item's check (micromark-extension-gfm-task-list-item). */
const TASK_CHECK = /^\[[ \txX]\]/;

/**
 * Where remark starts a task list item's paragraph: just after the check and one whitespace
 * character when plain text follows; `null` when the answer depends on inline parsing; the
 * paragraph's own start when there is no check at all.
 */
function taskParagraphStart(text: string, start: number, end: number): number | null {
  const head = text.slice(start, Math.min(end, start + 64));
  if (!TASK_CHECK.test(head)) return head.startsWith('[\n') || head.startsWith('[\r') ? null : start;
  const after = head.charAt(3);
  if (after === '' || !/[ \t\r\n]/.test(after)) return start; // no check: `[x]y`, or the check is all there is
  if (after === ' ' || after === '\t') {
    const rest = text.slice(start + 4, end);
    if (!/[^ \t]/.test(rest)) return start; // only whitespace follows: not a check
  }
  // remark drops one whitespace character from the text node after the check; when that node
  // holds nothing else (an inline construct follows at once) the paragraph keeps its start
  const word = /^[^\s]*/.exec(text.slice(start + 4, Math.min(end, start + 200)))![0];
  if (after === '\r' || word === '' || /[*_`[\]!<>~\\&@:]/.test(word) || /^(?:www\.|https?|mailto|xmpp)/i.test(word)) return null;
  return start + 4;
}

/** Blocks of one chunk, offsets relative to it, as `blocksFromTree(parseMarkdown(text))` would give. */
export function blocksFromEvents(source: string): Block[] | undefined {
  const events = blockEvents(source);
  // event offsets skip a leading byte order mark (see startsWithBom): read them against the rest
  const bom = startsWithBom(source);
  const text = bom ? source.slice(1) : source;
  const blocks: Block[] = [];
  const containers: Container[] = [];
  let table: { start: number; rows: number } | undefined;
  let heading: Block | undefined;
  let code: { start: number; lang?: string } | undefined;
  for (let i = 0; i < events.length; i++) {
    const [phase, token] = events[i]!;
    const start = token.start.offset;
    const end = token.end.offset;
    if (phase === 'enter') {
      switch (token.type as string) {
        case 'listOrdered':
        case 'listUnordered':
          containers.push({ kind: 'list', ordered: token.type === 'listOrdered', start });
          break;
        case 'blockQuote':
        case 'gfmFootnoteDefinition':
          containers.push({ kind: 'other' });
          break;
        case 'atxHeading':
        case 'setextHeading':
          heading = { kind: 'heading', start, end };
          blocks.push(heading);
          break;
        case 'atxHeadingSequence':
          if (heading && heading.depth === undefined) heading.depth = end - start;
          break;
        case 'setextHeadingLineSequence':
          if (heading) heading.depth = text.charCodeAt(start) === 61 /* = */ ? 1 : 2;
          break;
        case 'paragraph': {
          const parent = containers[containers.length - 1];
          if (parent?.kind !== 'list') {
            blocks.push({ kind: 'paragraph', start, end });
            break;
          }
          let from = start;
          if (firstChunkInListItem(events, i)) {
            const moved = taskParagraphStart(text, start, end);
            if (moved === null) return undefined;
            from = moved;
          }
          const level = containers.filter((c) => c.kind === 'list').length;
          blocks.push({ kind: 'listItem', start: from, end, ordered: parent.ordered, list: parent.start, level });
          break;
        }
        case 'table':
          table = { start, rows: 0 };
          break;
        case 'tableRow':
          if (table) blocks.push({ kind: 'tableRow', start, end, tableHeader: table.rows++ === 0, table: table.start });
          break;
        case 'codeFenced':
        case 'codeIndented':
          code = { start };
          break;
        case 'codeFencedFenceInfo':
          if (code && code.lang === undefined) code.lang = text.slice(start, end);
          break;
        case 'htmlFlow':
          blocks.push({ kind: 'html', start, end });
          break;
        case 'yaml':
        case 'toml':
          blocks.push({ kind: 'frontmatter', start, end });
          break;
      }
    } else {
      switch (token.type as string) {
        case 'listOrdered':
        case 'listUnordered':
        case 'blockQuote':
        case 'gfmFootnoteDefinition':
          containers.pop();
          break;
        case 'atxHeading':
        case 'setextHeading':
          heading = undefined;
          break;
        case 'table':
          table = undefined;
          break;
        case 'codeFenced':
        case 'codeIndented':
          if (code) codeLines(text, code.start, end, code.lang, blocks);
          code = undefined;
          break;
      }
    }
  }
  blocks.sort((a, b) => a.start - b.start);
  return bom ? shiftBlocks(blocks, 1) : blocks;
}

/** Is the paragraph entered at `index` in the first content of a list item (where a task check may stand)? */
function firstChunkInListItem(events: Event[], index: number): boolean {
  for (let i = index + 1; i < events.length; i++) {
    const token: Token = events[i]![1];
    if (token.type === 'chunkText') return token._isInFirstContentOfListItem === true;
    if (token.type === 'paragraph') return false;
  }
  return false;
}

/** One statement per non-blank line of a code block: a config snippet or diagram states one thing per line. */
export function codeLines(text: string, start: number, end: number, lang: string | undefined, out: Block[]): void {
  let lineStart = start;
  while (lineStart <= end) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 || nl > end ? end : nl;
    if (lineEnd > lineStart && text.slice(lineStart, lineEnd).trim()) out.push({ kind: 'code', start: lineStart, end: lineEnd, lang });
    if (nl === -1 || nl >= end) break;
    lineStart = nl + 1;
  }
}

/**
 * micromark (and so remark) drops one byte order mark at the very start of its input and counts
 * offsets from the character after it: the offsets of a tree parsed from `\uFEFF…` are one less
 * than the positions in that text. Readers of such offsets use `text.slice(1)` and shift the
 * blocks by one, so that blocks are always relative to the text as given.
 */
export const startsWithBom = (text: string): boolean => text.charCodeAt(0) === 0xfeff;

export function shiftBlocks(blocks: Block[], by: number): Block[] {
  for (const b of blocks) {
    b.start += by;
    b.end += by;
    if (b.list !== undefined) b.list += by;
    if (b.table !== undefined) b.table += by;
  }
  return blocks;
}
