import { Analyzer } from '../server/src/analysis/analyzer';

/** One analyzer for a test file: rules and vocabulary load once. */
export const analyzer = new Analyzer();

/** LSP position of the first occurrence of `needle` (after `from`), computed from the text. */
export function positionOf(text: string, needle: string, from = 0): { line: number; character: number; offset: number } {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`fixture does not contain ${JSON.stringify(needle)}`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1), offset };
}

/** A small deterministic PRNG so random tests are repeatable (the bench's mulberry32). */
export { seededRng as prng } from '../scripts/bench/generateDoc';
