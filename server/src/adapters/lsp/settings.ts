/**
 * The `faultline` settings section as the editor sends it, validated. A broken entry never stops
 * the server: it is dropped (the default stays) and described in `problems` so the user is told.
 */
import type { RuleSetting, RuleSettings } from '../../analysis/api';
import { TIERS } from '../../findings/types';

export interface FaultlineSettings {
  /** false: publish nothing, offer no actions */
  enable: boolean;
  /** rule id → "off" or a tier replacing the rule's default */
  rules: RuleSettings;
  /** quiet time after the last edit before a document is analysed */
  debounceMs: number;
  /** also review the design docs of the workspace that are not open (Problems panel triage) */
  workspaceDiagnostics: boolean;
}

export const DEFAULT_SETTINGS: Readonly<FaultlineSettings> = Object.freeze({ enable: true, rules: {}, debounceMs: 250, workspaceDiagnostics: true });

export const RULE_SETTING_VALUES: readonly RuleSetting[] = ['off', ...TIERS];
const MAX_DEBOUNCE_MS = 60_000;

export interface ParsedSettings {
  settings: FaultlineSettings;
  /** one human-readable sentence per ignored entry */
  problems: string[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param raw the `faultline` section (undefined/null when the user set nothing)
 * @param knownRules the rule ids the analyzer loaded; other ids are reported and ignored
 */
export function parseSettings(raw: unknown, knownRules: ReadonlySet<string>): ParsedSettings {
  const settings: FaultlineSettings = { ...DEFAULT_SETTINGS, rules: {} };
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (!isRecord(raw)) {
    problems.push(`"faultline" settings must be an object, got ${describe(raw)}; using the defaults`);
    return { settings, problems };
  }

  if (raw.enable !== undefined && raw.enable !== null) {
    if (typeof raw.enable === 'boolean') settings.enable = raw.enable;
    else problems.push(`"faultline.enable" must be true or false, got ${describe(raw.enable)}; using ${String(DEFAULT_SETTINGS.enable)}`);
  }

  if (raw.workspaceDiagnostics !== undefined && raw.workspaceDiagnostics !== null) {
    if (typeof raw.workspaceDiagnostics === 'boolean') settings.workspaceDiagnostics = raw.workspaceDiagnostics;
    else problems.push(`"faultline.workspaceDiagnostics" must be true or false, got ${describe(raw.workspaceDiagnostics)}; using ${String(DEFAULT_SETTINGS.workspaceDiagnostics)}`);
  }

  if (raw.debounceMs !== undefined && raw.debounceMs !== null) {
    const d = raw.debounceMs;
    if (typeof d === 'number' && Number.isFinite(d) && d >= 0 && d <= MAX_DEBOUNCE_MS) settings.debounceMs = Math.round(d);
    else problems.push(`"faultline.debounceMs" must be a number of milliseconds between 0 and ${MAX_DEBOUNCE_MS}, got ${describe(d)}; using ${DEFAULT_SETTINGS.debounceMs}`);
  }

  if (raw.rules !== undefined && raw.rules !== null) {
    if (!isRecord(raw.rules)) {
      problems.push(`"faultline.rules" must be an object mapping rule ids to ${RULE_SETTING_VALUES.map((v) => `"${v}"`).join(' | ')}, got ${describe(raw.rules)}; ignoring it`);
    } else {
      for (const [id, value] of Object.entries(raw.rules)) {
        if (!knownRules.has(id)) {
          problems.push(`"faultline.rules": unknown rule id "${id}"; ignoring it`);
          continue;
        }
        if (typeof value !== 'string' || !(RULE_SETTING_VALUES as readonly string[]).includes(value)) {
          problems.push(`"faultline.rules.${id}" must be one of ${RULE_SETTING_VALUES.map((v) => `"${v}"`).join(', ')}, got ${describe(value)}; using the rule's default`);
          continue;
        }
        settings.rules[id] = value as RuleSetting;
      }
    }
  }
  return { settings, problems };
}

/** A stable key for the settings that change analysis results (cache key). */
export function rulesKey(rules: RuleSettings): string {
  return JSON.stringify(Object.keys(rules).sort().map((k) => [k, rules[k]]));
}
