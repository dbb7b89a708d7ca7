/**
 * The comment directives a code action inserts for a finding (silence the rule for its section or
 * the file, record the risk as accepted), made from the document text and the places the analysis
 * found for them (suppressions.ts reads the same directives back). Needs no design model, so the
 * language server's protocol thread builds these without the engine.
 */
import { eolOf } from '../parse/lineIndex';
import type { Insertion } from './types';

/**
 * Where the directives for a finding go, as offsets of the analysed text (each a line start or
 * the end of the text). Found with the design model, where the analysis ran; the insertions are
 * made from these and the document text alone (directiveInsertion), so a code action needs no model.
 */
export interface DirectivePlaces {
  /** `<!-- faultline-disable <rule> -->` silencing exactly the innermost section around the finding:
   *  on the line after its heading (a `disable` covers its section from the heading on, and the
   *  section ends at the next heading of the same or a higher level). Before any heading, at the
   *  top of the body, so that it covers only the text before the first heading. */
  section: number;
  /** `<!-- faultline-disable-file <rule> -->`: the top of the document, after its front matter */
  file: number;
  /** `<!-- faultline-accept <rule>: <reason>, <ticket> -->`: before the top-level block holding the
   *  finding (a record applies to the rule wherever it stands, so its place is for the reader;
   *  before the whole list or table, never between its items, so that nothing of the document's
   *  structure changes) */
  accept: number;
}

export type DirectiveKind = 'section' | 'file' | 'accept';

/** The directive of `kind` for `rule`, as an insertion of one whole line into `text` at its place. */
export function directiveInsertion(text: string, places: DirectivePlaces, kind: DirectiveKind, rule: string, placeholders: { reason: string; ticket: string }): Insertion {
  const directive = {
    section: { comment: `<!-- faultline-disable ${rule} -->`, title: `disable ${rule} for this section` },
    file: { comment: `<!-- faultline-disable-file ${rule} -->`, title: `disable ${rule} for this file` },
    accept: { comment: `<!-- faultline-accept ${rule}: ${placeholders.reason}, ${placeholders.ticket} -->`, title: `accept the risk of ${rule}` },
  }[kind];
  const offset = places[kind];
  const eol = eolOf(text);
  const atEnd = offset >= text.length;
  const needsBreakBefore = atEnd && text.length > 0 && !/[\r\n]$/.test(text);
  return { offset, text: `${needsBreakBefore ? eol : ''}${directive.comment}${atEnd ? '' : eol}`, title: directive.title };
}

