/**
 * The client's half of the server ↔ client protocol (see the LSP server, server/src/adapters/lsp).
 * Plain data and names only: no `vscode` import, so the node unit tests can load it.
 */

/** Server → client notification, sent after every publish of a document's diagnostics. */
export const STATUS_NOTIFICATION = 'faultline/status';

export interface TierCounts {
  critical: number;
  significant: number;
  moderate: number;
  minor: number;
}

export interface FaultlineStatus {
  uri: string;
  version: number | null;
  counts: TierCounts;
  /** findings whose risk the document accepts (shown as hints, not counted above) */
  accepted: number;
  /** why the document was not reviewed (not a design doc, excluded by the config, …) */
  skipped?: string;
  durationMs: number;
  /** ISO time */
  analyzedAt: string;
}

/** Server commands (workspace/executeCommand); namespaced because vscode-languageclient
 *  registers every server command id as a VS Code command of the same name. */
export const SERVER_GENERATE_REVIEW = 'faultline.server.generateReview';
export const SERVER_SHOW_DOCUMENTATION = 'faultline.server.showDocumentation';

export interface ReviewResult {
  markdown: string;
  language: 'en' | 'ja';
}

export interface ShowDocumentationResult {
  uri: string;
}

/** Test hook: the server process id, so the extension-host suite can kill the server. */
export const PID_REQUEST = 'faultline/pid';

/** `initializationOptions` the client sends: in an untrusted workspace the server loads no
 *  custom rule packs (the project config that names them is controlled by the workspace). */
export interface FaultlineInitializationOptions {
  trusted: boolean;
}

/** The documents Faultline serves: Markdown on disk in any workspace folder (multi-root
 *  included: the selector names no folder) and unsaved drafts. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'markdown' },
];

/** Client command ids (package.json `contributes.commands`). */
export const COMMANDS = {
  generateReview: 'faultline.generateReview',
  showRuleDocumentation: 'faultline.showRuleDocumentation',
  restartServer: 'faultline.restartServer',
  showOutput: 'faultline.showOutput',
} as const;

export function isFaultlineStatus(value: unknown): value is FaultlineStatus {
  const v = value as FaultlineStatus | undefined;
  if (typeof v !== 'object' || v === null || typeof v.uri !== 'string') return false;
  const c = v.counts as TierCounts | undefined;
  return typeof c === 'object' && c !== null
    && ['critical', 'significant', 'moderate', 'minor'].every((k) => typeof c[k as keyof TierCounts] === 'number');
}
