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

/** Why a finding was reported, so a reviewer can tell a true gap from a missed wording. */
export interface Explanation {
  /** what made the rule apply, with where ("SQS queue `x` is consumed (line 12)") */
  trigger: string;
  /** the evidence that would have covered it (mechanism names) */
  evidence: string[];
  /** where that evidence was looked for */
  scope: string;
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
