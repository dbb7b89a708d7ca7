import type { Localized, Tier } from '../findings/types';

/** What a rule file says. Text is data; detection names one of the engine's selectors. */
export interface RuleDefinition {
  id: string;
  tier: Tier;
  category: string;
  title: Localized;
  message: Localized;
  scenario: Localized;
  impact: Localized;
  countermeasure: Localized;
  fix: { title: Localized; body: Localized };
  /** one trigger, or several alternative triggers whose findings are joined */
  detect: DetectSpec | DetectSpec[];
  /** where the rule was loaded from (built-in folder or a custom pack) */
  source?: string;
}

export interface EntitySelector {
  kinds: string[];
  roles?: string[];
  notRoles?: string[];
  semantics?: 'at-least-once' | 'at-most-once';
  /** only entities mentioned in a statement with one of these cues */
  cues?: string[];
  /** messaging technologies are replaced by the named queues/topics they carry */
  named?: boolean;
}

export interface EndpointSelector {
  methods: string[];
  /** resources that are not the subject (login, search…) */
  skipResources?: string[];
  /** only endpoints whose resource or mention statement carries one of these cues */
  cues?: string[];
}

export interface StatementSelector {
  cues?: string[];
  allCues?: string[];
  notCues?: string[];
  /** the statement's section (or an ancestor) has one of these roles */
  sections?: string[];
  /** statements that also name an entity of these kinds */
  entityKinds?: string[];
  /** at least this many distinct entities of entityKinds */
  minEntities?: number;
  /** statements that name no entity of these kinds */
  withoutEntityKinds?: string[];
  includeCode?: boolean;
  /** one subject for the whole document: the first statement with the highest-priority cue */
  perDocument?: boolean;
  /** one subject for the whole document: the statement naming most entities of entityKinds */
  mostEntities?: boolean;
  /** one subject per component named first in the statement */
  perComponent?: boolean;
  /** with cues and entityKinds: an entity of entityKinds within this many characters of the cue, in its sentence */
  near?: number;
  /** kinds that name the subject first; the doc's entities of these kinds when the statement names none */
  nameKinds?: string[];
  /** with nameKinds: only entities with one of these roles name the subject (uploads: the object store) */
  nameRoles?: string[];
  /** tried when this selector finds nothing */
  fallback?: StatementSelector;
}

export interface DocumentSelector {
  entities?: { kinds: string[]; roles?: string[]; min: number };
  cues?: string[];
  /** the doc must name several of the doc's own components */
  components?: number;
}

export interface SubjectSelector {
  entities?: EntitySelector;
  endpoints?: EndpointSelector;
  statements?: StatementSelector;
  consumers?: { semantics?: 'at-least-once' | 'at-most-once'; kinds?: string[] };
  flows?: { pattern: 'write-then-publish' | 'two-stores' };
  document?: DocumentSelector;
  check?: string;
}

export interface CoverageClause {
  concept: string;
  /** the evidence must state a figure of this kind in the same statement ("timeout 2 s") */
  withFigure?: 'duration' | 'percent' | 'count' | 'size' | 'rate';
  /**
   * the same sentence also asserts one of these concepts: "roll back when the 5xx error rate
   * exceeds 2%" is a rollback with its trigger, "alert when the error rate exceeds 2%" is not
   */
  alongside?: string[];
}

export interface DetectSpec {
  subjects: SubjectSelector;
  /** this trigger's tier, when it differs from the rule's ("Critical if no backups at all") */
  tier?: Tier;
  coveredBy?: (string | CoverageClause)[];
  coveredByAll?: (string | CoverageClause)[];
  scope?: 'subject' | 'section' | 'document';
  anchor?: {
    /** cue priority for picking the mention/statement that carries the squiggle */
    prefer?: string[];
    /** section roles for document-wide findings, in priority order */
    sections?: string[];
    /** prefer mentions inside sections with these roles (a flow step over a stack table) */
    preferSections?: string[];
  };
  /** doc-level preconditions: the rule applies only if these hold */
  requires?: DocumentSelector;
  /** report at most this many uncovered subjects (the first ones) */
  maxFindings?: number;
  /** skip the rule when the document states any of these anywhere */
  unlessDocument?: string[];
}
