import type { Span, Statement } from '../model/types';
import type { CoverageClause, DetectSpec } from '../rules/definition';
import type { ModelView } from './context';
import type { Subject } from './subjects';

/**
 * Is the subject already handled by the doc? Evidence counts in the subject's scope:
 * a statement naming the subject, a section whose heading names it, a section that belongs to
 * the subject, or a statement that names none of the rule's candidates (a doc-wide policy).
 * A breaker described for the search providers therefore does not cover the payment provider.
 */
export interface Evidence {
  concept: string;
  statement: Statement;
  span: Span;
}

/** Infrastructure a statement can be specifically about (so it is not a doc-wide policy). */
const INFRA_KINDS = new Set(['datastore', 'queue', 'stream', 'pubsub', 'external', 'realtime', 'loadbalancer', 'gateway']);

function clause(c: string | CoverageClause): CoverageClause {
  return typeof c === 'string' ? { concept: c } : c;
}

function inScope(st: Statement, subject: Subject, scope: DetectSpec['scope'], view: ModelView): boolean {
  if (scope === 'document') return true;
  // the subject's own section, but not a subsection titled with another specific thing
  if (subject.sections.some((s) => view.within(st.section, s) && !view.titledWithAnother(st.section, s, subject.nameIds ? [...subject.ids, ...subject.nameIds] : subject.ids))) return true;
  if (scope === 'section') return false;
  const named = [...st.entities.map((h) => h.entity), ...st.endpoints.map((h) => h.endpoint)];
  if (subject.ids.some((id) => named.includes(id))) return true;
  if (subject.ids.some((id) => view.headingNames(st.section, id))) return true;
  // "every SQS queue has a redrive policy": the technology named without any of its queues
  // speaks for all of them; naming another of its queues speaks for that one only
  const carriers = subject.ids.map((id) => view.entity(id)?.tech).filter((t): t is string => !!t);
  if (carriers.some((t) => named.includes(t) && !named.some((id) => view.entity(id)?.tech === t))) return true;
  // a statement naming nothing specific ("every outbound call has a circuit breaker") is a
  // policy for all subjects, unless it sits under a heading about one specific thing
  if (subject.kind === 'endpoint') {
    // "idempotency keys are kept in Redis" covers every POST, but not under another endpoint's heading
    return st.endpoints.length === 0 && !view.sectionChain(st.section).some((s) => s.depth > 0 && view.headingNamesEndpoint(s.index));
  }
  // (the doc's own services may be named: "the workers scale out on queue depth" is about the queues)
  if (named.some((id) => view.model.endpoints.has(id) || INFRA_KINDS.has(view.entity(id)?.kind ?? ''))) return false;
  // compensation described in one flow's section is that flow's, not every flow's
  if (subject.kind === 'flow' && view.model.flows.some((f) => !subject.sections.includes(f.section) && view.within(st.section, f.section))) return false;
  return !view.sectionChain(st.section).some((s) => s.depth > 0 && view.headingNamesInfra(s.index));
}

function evidenceFor(c: CoverageClause, subject: Subject, spec: DetectSpec, view: ModelView): Evidence | undefined {
  for (const st of view.statementsWith(c.concept)) {
    if (st.tableHeader) continue;
    let spans = view.assertedConcepts(st).get(c.concept);
    if (!spans) continue;
    if (c.alongside) {
      const asserted = view.assertedConcepts(st);
      const others = c.alongside.flatMap((a) => asserted.get(a) ?? []);
      const sentence = (s: Span) => view.sentenceAt(st, s.start).start;
      spans = spans.filter((s) => others.some((o) => sentence(o) === sentence(s)));
      if (spans.length === 0) continue;
    }
    if (c.withFigure && !st.figures.some((f) => f.kind === c.withFigure)) continue;
    if (!inScope(st, subject, spec.scope, view)) continue;
    return { concept: c.concept, statement: st, span: spans[0]! };
  }
  return undefined;
}

/** The evidence that covers the subject, or undefined when the gap is real. */
export function coverage(subject: Subject, spec: DetectSpec, view: ModelView): Evidence[] | undefined {
  const any = (spec.coveredBy ?? []).map(clause);
  for (const c of any) {
    const e = evidenceFor(c, subject, spec, view);
    if (e) return [e];
  }
  const all = (spec.coveredByAll ?? []).map(clause);
  if (all.length > 0) {
    const found = all.map((c) => evidenceFor(c, subject, spec, view));
    if (found.every((e) => e)) return found as Evidence[];
  }
  return undefined;
}

export function evidenceConcepts(spec: DetectSpec): string[] {
  return [...(spec.coveredBy ?? []), ...(spec.coveredByAll ?? [])].map((c) => clause(c).concept);
}
