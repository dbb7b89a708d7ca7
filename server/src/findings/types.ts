import type { Range } from '../parse/lineIndex';
import type { Language } from '../model/types';

export type Tier = 'critical' | 'significant' | 'moderate' | 'minor';
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const TIER_SEVERITY: Record<Tier, Severity> = {
  critical: 'error',
  significant: 'warning',
  moderate: 'information',
  minor: 'hint',
};
export const TIERS: Tier[] = ['critical', 'significant', 'moderate', 'minor'];

/** Text in both languages; the doc's language picks one. */
export type Localized = Record<Language, string>;

/** An insertion, never a replacement: quick fixes only ever add text. */
export interface Insertion {
  offset: number;
  text: string;
  title: string;
}

export interface RelatedPlace {
  start: number;
  end: number;
  range: Range;
  message: string;
}

/** A kind of evidence that would have covered the finding. */
export interface EvidenceSought {
  /** the vocabulary concept id ("circuit-breaker") */
  concept: string;
  /** its name in the doc's language */
  label: string;
  /** a few of the phrases that express it, in the doc's language first */
  examples: string[];
  /** the evidence must also state a figure of this kind ("timeout 2 s") */
  withFigure?: string;
  /** the evidence sentence must also state one of these concepts (a rollback with its trigger signal) */
  alongside?: string[];
  /** "any": one concept of the list is enough; "all": every concept of the list is needed */
  need: 'any' | 'all';
}

/** A place where evidence was seen: in scope (part of an "all of" rule), or near the mark. */
export interface EvidenceSeen {
  concept: string;
  label: string;
  /** the statement it was seen in, shortened */
  text: string;
  range: Range;
  /** in-scope: counts; out-of-scope: about another subject or section; no-figure: lacks the required figure */
  where: 'in-scope' | 'out-of-scope' | 'no-figure';
}

/** Why a finding was reported, so a reviewer can tell a true gap from a missed wording. */
export interface Explanation {
  /** what made the rule apply ("external dependency", "the flow writes PostgreSQL and then sends to SQS"), and where */
  trigger: { text: string; range: Range };
  /** the evidence that would have covered it */
  evidenceSought: EvidenceSought[];
  /** where that evidence was looked for */
  scope: string;
  /** evidence found in that scope: empty when none was found; for an "all of" rule, the part that is there */
  found: EvidenceSeen[];
  /** evidence that would count but sits outside the scope or lacks its figure: a possible wording or scope miss */
  nearMisses: EvidenceSeen[];
  /** the labels of evidenceSought (the first JSON shape; kept for existing consumers) */
  evidence: string[];
}

export interface Finding {
  rule: string;
  tier: Tier;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  range: Range;
  subject?: { id: string; name: string; kind: string };
  related: RelatedPlace[];
  explanation: Explanation;
  fix?: Insertion;
  /** set when an accepted-risk record covers this finding */
  accepted?: { reason: string };
}
