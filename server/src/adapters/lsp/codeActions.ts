/**
 * Quick fixes: insert the countermeasure section a finding proposes. Insert only, never replace;
 * every edit is pinned to the document version it was computed for.
 */
import {
  CodeActionKind,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Language } from '../../model/types';
import type { Finding, Insertion } from '../../findings/types';
import { isDiagnosticData, SOURCE } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.faultline`;

export interface CodeActionInput {
  params: CodeActionParams;
  /** the open document, at the version the findings were computed for */
  document: TextDocument;
  /** findings of a fresh analysis of exactly `document.getText()` */
  findings: Finding[];
  language: Language;
  /** the client applies `documentChanges` (versioned edits); otherwise plain `changes` */
  documentChanges: boolean;
}

/** Does the request's `only` filter admit this kind? (kinds are hierarchical: "source" ⊃ "source.fixAll") */
export function kindRequested(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function sameRange(a: Diagnostic['range'], b: Finding['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The current finding a client diagnostic stands for, or undefined when it is stale. */
export function findingFor(diagnostic: Diagnostic, findings: Finding[], version: number): Finding | undefined {
  if (diagnostic.source !== SOURCE) return undefined;
  const data = isDiagnosticData(diagnostic.data) ? diagnostic.data : undefined;
  if (data && data.version !== version) return undefined; // computed for another text
  const rule = data?.rule ?? (typeof diagnostic.code === 'string' ? diagnostic.code : undefined);
  if (!rule) return undefined;
  return findings.find((f) => f.rule === rule && sameRange(diagnostic.range, f.range)
    && (data?.subject === undefined || f.subject?.id === data.subject));
}

function workspaceEdit(document: TextDocument, inserts: Insertion[], documentChanges: boolean): WorkspaceEdit {
  const edits = inserts.map((i) => TextEdit.insert(document.positionAt(i.offset), i.text));
  if (documentChanges) {
    return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] };
  }
  return { changes: { [document.uri]: edits } };
}

function quickFixTitle(fix: Insertion, language: Language): string {
  return language === 'ja' ? `「${fix.title}」セクションを挿入` : `Insert "${fix.title}" section`;
}

function fixAllTitle(language: Language): string {
  return language === 'ja' ? '不足している対策セクションをすべて挿入' : 'Insert all missing countermeasure sections';
}

/**
 * Every fix of the document, in offset order. Inserts at the same offset keep the engine's
 * finding order (the LSP applies same-position inserts in array order); an identical insertion
 * at the same place is made once.
 */
export function allInsertions(findings: Finding[]): Insertion[] {
  const seen = new Set<string>();
  const out: { fix: Insertion; index: number }[] = [];
  findings.forEach((f, index) => {
    if (!f.fix) return;
    const key = `${f.fix.offset}\u0000${f.fix.text}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ fix: f.fix, index });
  });
  out.sort((a, b) => a.fix.offset - b.fix.offset || a.index - b.index);
  return out.map((o) => o.fix);
}

export function buildCodeActions(input: CodeActionInput): CodeAction[] {
  const { params, document, findings, language, documentChanges } = input;
  const only = params.context.only;
  const actions: CodeAction[] = [];
  // client diagnostics that still stand for a finding of this exact text (stale ones get nothing)
  const current: { diagnostic: Diagnostic; finding: Finding }[] = [];
  for (const d of params.context.diagnostics) {
    const finding = findingFor(d, findings, document.version);
    if (finding) current.push({ diagnostic: d, finding });
  }

  if (kindRequested(only, CodeActionKind.QuickFix)) {
    const offered = new Set<Finding>();
    for (const { diagnostic, finding } of current) {
      if (!finding.fix || offered.has(finding)) continue;
      offered.add(finding);
      actions.push({
        title: quickFixTitle(finding.fix, language),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: workspaceEdit(document, [finding.fix], documentChanges),
      });
    }
  }

  const explicitlyAsked = !!only && only.length > 0 && kindRequested(only, FIX_ALL_KIND);
  if (explicitlyAsked || ((!only || only.length === 0) && current.some((c) => c.finding.fix))) {
    const inserts = allInsertions(findings);
    // next to a single quick fix, "fix all" would only repeat it
    if (inserts.length > 1 || (explicitlyAsked && inserts.length > 0)) {
      actions.push({
        title: fixAllTitle(language),
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(document, inserts, documentChanges),
      });
    }
  }
  return actions;
}
