import type { BlockKind } from '../parse/blocks';
import type { LineIndex } from '../parse/lineIndex';
import type { TechKind } from '../vocabulary/vocabulary';

/**
 * The design model: what a reviewer's "Phase 1 structural analysis" extracts from a doc.
 * Everything carries source offsets; rules read this, never raw text.
 */

export type Language = 'en' | 'ja';

export interface Span {
  start: number;
  end: number;
}

export interface ConceptHit extends Span {
  concept: string;
}

export interface EntityHit extends Span {
  entity: string;
  /** the doc used a generic word here (「データベース」) for the one named entity of that kind */
  generic?: boolean;
  /** a queue named by its bare name (`orders`) after the doc introduced it with its technology */
  reference?: boolean;
}

export interface EndpointHit extends Span {
  endpoint: string;
}

export type FigureKind = 'duration' | 'percent' | 'count' | 'size' | 'rate';

export interface Figure extends Span {
  kind: FigureKind;
  value: number;
  /** upper end of a range such as "3-10 tasks" */
  max?: number;
  unit: string;
  /** durations in seconds, sizes in bytes */
  normalized: number;
  /** the noun a count or rate counts ("tasks", "接続") */
  noun?: string;
  statement: number;
}

export interface Statement extends Span {
  index: number;
  kind: BlockKind;
  section: number;
  ordered?: boolean;
  list?: number;
  level?: number;
  table?: number;
  tableHeader?: boolean;
  concepts: ConceptHit[];
  entities: EntityHit[];
  endpoints: EndpointHit[];
  figures: Figure[];
  /** arrow chain nodes ("A → B → C"), when the statement is one */
  chain?: Span[];
}

export interface Section {
  index: number;
  /** 0 for the text before the first heading */
  depth: number;
  title: string;
  /** the heading line (empty span for the preamble) */
  heading: Span;
  /** from the heading to the next heading of the same or a higher level */
  start: number;
  end: number;
  /** end of the section's own text, before its first subsection */
  ownEnd: number;
  parent: number | null;
  roles: string[];
}

export type EntityKind = TechKind | 'component';

export interface Entity {
  id: string;
  name: string;
  kind: EntityKind;
  role?: string;
  semantics?: 'at-least-once' | 'at-most-once';
  generic?: boolean;
  /** for a named queue/topic: the technology carrying it */
  tech?: string;
  /** for a named queue/topic: what the doc calls it ("queue", "topic", "キュー") */
  noun?: string;
  mentions: EntityHit[];
}

export interface Endpoint {
  id: string;
  method: string;
  path: string;
  /** last meaningful path segment: "messages", "upload-url" */
  resource: string;
  mentions: (EndpointHit & { statement: number })[];
}

export interface Flow {
  section: number;
  /** statements that are arrow chains */
  chains: number[];
  /** numbered steps, in order */
  steps: number[];
}

/** A chunk the model was built from, with answers about its text kept across edits (see documentMatches). */
export interface ModelChunk {
  start: number;
  end: number;
  /** per pattern: does it match inside this chunk's text? Shared by every build that reuses the chunk. */
  matches: Map<RegExp, boolean>;
}

export interface DesignModel {
  text: string;
  lines: LineIndex;
  language: Language;
  sections: Section[];
  statements: Statement[];
  entities: Map<string, Entity>;
  endpoints: Map<string, Endpoint>;
  flows: Flow[];
  figures: Figure[];
  frontMatter?: Record<string, unknown>;
  /** the chunks of the build (not enumerable: a cache, not part of what the model says) */
  chunks?: ModelChunk[];
}
