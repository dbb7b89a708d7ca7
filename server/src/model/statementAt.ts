import type { Statement } from './types';

/** Index of the last statement starting at or before `offset` (statements are in document order). */
export function statementIndexAt(statements: Statement[], offset: number): number {
  let lo = 0;
  let hi = statements.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (statements[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
