/**
 * What the language status item says about one document, from its last `faultline/status`.
 * Pure (no `vscode` import) so that the wording is unit-tested in node.
 */
import type { FaultlineStatus, TierCounts } from './protocol';

export interface StatusText {
  /** one line next to the language indicator, e.g. "Faultline: 2 errors, 3 warnings" */
  text: string;
  /** the second line: when and how fast, accepted risks, or why the doc was not reviewed */
  detail: string;
}

// tiers are shown as the diagnostic severities they become (critical → error, …)
const PARTS: { tier: keyof TierCounts; one: string; many: string }[] = [
  { tier: 'critical', one: 'error', many: 'errors' },
  { tier: 'significant', one: 'warning', many: 'warnings' },
  { tier: 'moderate', one: 'info', many: 'info' },
  { tier: 'minor', one: 'hint', many: 'hints' },
];

export function countsText(counts: TierCounts): string {
  const parts = PARTS.filter((p) => counts[p.tier] > 0).map((p) => `${counts[p.tier]} ${counts[p.tier] === 1 ? p.one : p.many}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

/** `formatTime` turns the ISO time into what the user reads (their locale's clock time). */
export function statusText(status: FaultlineStatus | undefined, formatTime: (iso: string) => string): StatusText {
  if (!status) return { text: 'Faultline', detail: 'not reviewed yet' };
  const when = `reviewed at ${formatTime(status.analyzedAt)} in ${Math.round(status.durationMs)} ms`;
  if (status.skipped) {
    // the classifier's reasons start with "not a design document (score …)"; other reasons
    // (front matter, the project config's exclude) are shown as they are
    const notDesign = /^not a design doc/i.test(status.skipped);
    return {
      text: notDesign ? 'Faultline: not a design doc' : 'Faultline: not reviewed',
      detail: `${status.skipped} (${when})`,
    };
  }
  const accepted = status.accepted > 0 ? `, ${status.accepted} accepted risk${status.accepted === 1 ? '' : 's'}` : '';
  return { text: `Faultline: ${countsText(status.counts)}`, detail: `${capitalize(when)}${accepted}` };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
