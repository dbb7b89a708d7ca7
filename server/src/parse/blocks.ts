import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { visitParents } from 'unist-util-visit-parents';
import type { Root, Nodes, List } from 'mdast';
import { blocksFromEvents, codeLines } from './blockEvents';

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
  return blocksFromEvents(text) ?? blocksFromTree(text, parseMarkdown(text));
}

/** Blocks from remark's tree: the reference the fast path must agree with. */
export function blocksFromTree(text: string, tree: Root): Block[] {
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
  return blocks;
}

