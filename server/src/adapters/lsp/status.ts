/**
 * `faultline/status`: sent after every publish for a document, so that a client can show how
 * the document fared (status bar) without counting diagnostics itself.
 */
import { NotificationType } from 'vscode-languageserver/node';
import type { Finding, Tier } from '../../findings/types';

export interface StatusParams {
  uri: string;
  /** the version the diagnostics are for; null when they come from the file on disk */
  version: number | null;
  /** open findings by tier (accepted risks not included) */
  counts: Record<Tier, number>;
  /** findings recorded as accepted risks */
  accepted: number;
  /** why the document was not reviewed */
  skipped?: string;
  durationMs: number;
  /** ISO time */
  analyzedAt: string;
}

export const StatusNotification = new NotificationType<StatusParams>('faultline/status');

/** Open findings by tier, and accepted risks. */
export interface Tally {
  counts: Record<Tier, number>;
  accepted: number;
}

export function tally(findings: Finding[]): Tally {
  const counts: Record<Tier, number> = { critical: 0, significant: 0, moderate: 0, minor: 0 };
  let accepted = 0;
  for (const f of findings) {
    if (f.accepted) accepted++;
    else counts[f.tier]++;
  }
  return { counts, accepted };
}

export function statusOf(uri: string, version: number | null, findings: Finding[] | Tally, durationMs: number, skipped?: string): StatusParams {
  const { counts, accepted } = Array.isArray(findings) ? tally(findings) : findings;
  const status: StatusParams = { uri, version, counts, accepted, durationMs: Math.round(durationMs), analyzedAt: new Date().toISOString() };
  if (skipped !== undefined) status.skipped = skipped;
  return status;
}
