import type { DesignModel, Section } from '../model/types';
import type { Insertion } from './types';

/** The innermost section that holds an offset. */
export function sectionAt(model: DesignModel, offset: number): Section {
  let best = model.sections[0]!;
  for (const s of model.sections) {
    if (s.depth > 0 && s.start <= offset && offset < s.end && s.depth >= best.depth) best = s;
  }
  return best;
}

/**
 * The countermeasure goes at the end of the section holding the anchor, as a new subsection
 * one level deeper, separated by blank lines and in the doc's own line-break style. Under a
 * level-6 heading there is no deeper level (another `######` would be a sibling section, out of
 * the finding's scope), so there the title is a bold line inside the section's own text.
 */
export function insertionFor(model: DesignModel, anchorOffset: number, title: string, body: string): Insertion {
  const section = sectionAt(model, anchorOffset);
  const eol = model.lines.eol;
  const depth = Math.min(6, Math.max(2, section.depth + 1));
  const offset = section.depth === 0 ? model.text.length : section.end;
  const before = model.text.slice(Math.max(0, offset - 2), offset).replace(/\r/g, '');
  const lead = offset === 0 ? '' : before.endsWith('\n\n') ? '' : before.endsWith('\n') ? eol : eol + eol;
  const bodyText = body.trim().replace(/\r?\n/g, eol);
  const trail = offset < model.text.length ? eol : '';
  const heading = section.depth >= 6 ? `**${title}**` : `${'#'.repeat(depth)} ${title}`;
  const text = `${lead}${heading}${eol}${eol}${bodyText}${eol}${trail}`;
  return { offset, text, title };
}
