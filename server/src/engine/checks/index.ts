import type { ModelView } from '../context';
import type { Subject } from '../subjects';

/**
 * Numeric checks (catalogue section 8): each reads the figures a doc states and returns a
 * subject, with the arithmetic as its detail, where the numbers do not agree.
 */
export type Check = (view: ModelView) => Subject[];

const checks = new Map<string, Check>();

export function registerCheck(name: string, check: Check): void {
  checks.set(name, check);
}

export function runCheck(name: string, view: ModelView): Subject[] {
  const check = checks.get(name);
  if (!check) throw new Error(`unknown check "${name}"`);
  return check(view);
}

export function knownChecks(): string[] {
  return [...checks.keys()];
}
