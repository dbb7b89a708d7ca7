import { PhraseMatcher } from './phraseMatcher';
import { findRulesDir, readYaml, vocabularyFile } from './vocabularyFiles';

export { findRulesDir } from './vocabularyFiles';

export type TechKind =
  | 'datastore' | 'queue' | 'stream' | 'pubsub' | 'external' | 'realtime' | 'loadbalancer' | 'gateway'
  | 'monitoring' | 'logging' | 'tracing' | 'compute' | 'cdn' | 'ci' | 'scheduler' | 'secrets';

export interface Technology {
  id: string;
  name: string;
  kind: TechKind;
  role?: string;
  semantics?: 'at-least-once' | 'at-most-once';
  /** a generic word ("データベース") that stands for a datastore only when no named one exists */
  generic?: boolean;
  /** a hosting platform ("Amazon RDS") that names the engine it runs when one is mentioned */
  platform?: boolean;
  /** terms that are also ordinary words ("slack", "stripe", "vault"): they name the product only when capitalised */
  capitalized?: string[];
  terms: string[];
}

export interface Concept {
  id: string;
  label?: { en: string; ja: string };
  terms: string[];
  /** longer phrases that contain a term but mean something else ("snapshot tests" is not a backup) */
  notTerms?: string[];
}

/** The matcher value of a concept's notTerms: its hits mark where that concept's terms do not count. */
export function exclusionOf(conceptId: string): string {
  return `!${conceptId}`;
}

export interface Vocabulary {
  technologies: Map<string, Technology>;
  concepts: Map<string, Concept>;
  sectionRoles: Map<string, string[]>;
  techMatcher: PhraseMatcher<Technology>;
  conceptMatcher: PhraseMatcher<string>;
  roleMatcher: PhraseMatcher<string>;
}

export function buildVocabulary(
  technologies: Technology[],
  concepts: Concept[],
  sectionRoles: Record<string, string[]>,
): Vocabulary {
  const techMatcher = new PhraseMatcher<Technology>();
  const techMap = new Map<string, Technology>();
  for (const t of technologies) {
    techMap.set(t.id, t);
    for (const term of t.terms) techMatcher.add(term, t);
  }
  const conceptMatcher = new PhraseMatcher<string>();
  const conceptMap = new Map<string, Concept>();
  for (const c of concepts) {
    const existing = conceptMap.get(c.id);
    // rule packs may add phrases to a built-in concept
    const merged: Concept = existing ? { ...existing, label: existing.label ?? c.label, terms: [...existing.terms, ...c.terms] } : c;
    conceptMap.set(c.id, merged);
    for (const term of c.terms) conceptMatcher.add(term, c.id);
    for (const term of c.notTerms ?? []) conceptMatcher.add(term, exclusionOf(c.id));
  }
  const roleMatcher = new PhraseMatcher<string>();
  const roles = new Map<string, string[]>();
  for (const [role, terms] of Object.entries(sectionRoles)) {
    roles.set(role, terms);
    for (const term of terms) roleMatcher.add(term, role);
  }
  return { technologies: techMap, concepts: conceptMap, sectionRoles: roles, techMatcher, conceptMatcher, roleMatcher };
}

export function loadVocabulary(rulesDir: string = findRulesDir(), extraConcepts: Concept[] = []): Vocabulary {
  const techs = readYaml(vocabularyFile(rulesDir, 'technologies')) as Technology[];
  const conceptDoc = readYaml(vocabularyFile(rulesDir, 'concepts')) as Record<string, Omit<Concept, 'id'>>;
  const concepts = Object.entries(conceptDoc).map(([id, c]) => ({ id, ...c, terms: c.terms.map(String), notTerms: c.notTerms?.map(String) }));
  const roles = readYaml(vocabularyFile(rulesDir, 'sections')) as Record<string, string[]>;
  return buildVocabulary(techs, [...concepts, ...extraConcepts], roles);
}
