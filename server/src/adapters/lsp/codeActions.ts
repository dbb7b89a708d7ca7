/**
 * Code actions for a finding: insert its countermeasure section (preferred), insert every
 * missing section at once (also as `source.fixAll.faultline`, for fix-on-save), silence the rule
 * for the section or the file, record the risk as accepted, show the rule's documentation.
 * Every edit only inserts, and is pinned to the document version it was computed for.
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
import { directiveInsertion, type DirectivePlaces } from '../../findings/directives';
import { isDiagnosticData, SOURCE } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.faultline`;
export const SHOW_DOCUMENTATION_COMMAND = 'faultline.server.showDocumentation';

export interface CodeActionInput {
  params: CodeActionParams;
  /** the open document, at the version the findings were computed for */
  document: TextDocument;
  /** the findings of an analysis of exactly `document.getText()` (accepted ones included) */
  findings: Finding[];
  /** where the directives of findings at these offsets go (asked only when a diagnostic of this text is given) */
  places: (anchors: number[]) => Promise<DirectivePlaces[]>;
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

/**
 * The current finding a client diagnostic stands for, or undefined when it is stale. The range
 * decides first; when it does not match (a client that counts columns in bytes, as Neovim may),
 * the diagnostic's data (rule, subject, start offset) names the finding.
 */
export function findingFor(diagnostic: Diagnostic, findings: Finding[], version: number): Finding | undefined {
  if (diagnostic.source !== SOURCE) return undefined;
  const data = isDiagnosticData(diagnostic.data) ? diagnostic.data : undefined;
  if (data && data.version !== version) return undefined; // computed for another text
  const rule = data?.rule ?? (typeof diagnostic.code === 'string' ? diagnostic.code : undefined);
  if (!rule) return undefined;
  const candidates = findings.filter((f) => f.rule === rule && (data?.subject === undefined || f.subject?.id === data.subject));
  const exact = candidates.find((f) => sameRange(diagnostic.range, f.range));
  if (exact || !data) return exact;
  if (data.anchor !== undefined) {
    const anchored = candidates.find((f) => f.start === data.anchor);
    if (anchored) return anchored;
  }
  const sameLine = candidates.filter((f) => f.range.start.line === diagnostic.range.start.line);
  if (sameLine.length === 1) return sameLine[0];
  return candidates.length === 1 ? candidates[0] : undefined;
}

function workspaceEdit(document: TextDocument, inserts: Insertion[], documentChanges: boolean): WorkspaceEdit {
  const edits = inserts.map((i) => TextEdit.insert(document.positionAt(i.offset), i.text));
  if (documentChanges) {
    return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] };
  }
  return { changes: { [document.uri]: edits } };
}

const TITLES = {
  en: {
    insert: (fix: string) => `Insert ${fix}`,
    fixAll: 'Insert all missing countermeasure sections',
    disableSection: (rule: string) => `Disable ${rule} for this section`,
    disableFile: (rule: string) => `Disable ${rule} for this file`,
    accept: (rule: string) => `Accept the risk of ${rule} (record it in the document)`,
    docs: (rule: string) => `Show documentation for ${rule}`,
    placeholders: { reason: 'why this risk is acceptable', ticket: 'TICKET-ID' },
  },
  ja: {
    insert: (fix: string) => `「${fix}」を挿入`,
    fixAll: '不足している対策セクションをすべて挿入',
    disableSection: (rule: string) => `このセクションで ${rule} を無効にする`,
    disableFile: (rule: string) => `このファイルで ${rule} を無効にする`,
    accept: (rule: string) => `${rule} のリスクを受容する（文書に記録）`,
    docs: (rule: string) => `${rule} のドキュメントを表示`,
    placeholders: { reason: 'リスクを受容する理由', ticket: 'チケット番号' },
  },
} as const;

/**
 * Every fix of the document's open findings, in offset order. Inserts at the same offset keep the
 * engine's finding order (the LSP applies same-position inserts in array order); an identical
 * insertion at the same place is made once. Accepted risks get no section.
 */
/** The level of the heading an insertion starts with; a bold title (inside a level-6 section) counts as deepest. */
function headingDepth(text: string): number {
  const m = /^\s*(#{1,6})\s/.exec(text);
  return m ? m[1]!.length : 7;
}

export function allInsertions(findings: Finding[]): Insertion[] {
  const seen = new Set<string>();
  const out: { fix: Insertion; index: number }[] = [];
  findings.forEach((f, index) => {
    if (!f.fix || f.accepted) return;
    const key = `${f.fix.offset}\u0000${f.fix.text}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ fix: f.fix, index });
  });
  // at one place, deeper sections first: a "####" subsection of the section ending here must not
  // land under a "###" sibling inserted at the same offset
  out.sort((a, b) => a.fix.offset - b.fix.offset || headingDepth(b.fix.text) - headingDepth(a.fix.text) || a.index - b.index);
  return out.map((o) => o.fix);
}

/** The actions for the request; empty when the document changed while directive places were looked up. */
export async function buildCodeActions(input: CodeActionInput): Promise<CodeAction[]> {
  const { params, document, findings, language, documentChanges } = input;
  const version = document.version;
  const t = TITLES[language];
  const only = params.context.only;
  const edit = (inserts: Insertion[]) => workspaceEdit(document, inserts, documentChanges);
  // client diagnostics that still stand for a finding of this exact text (stale ones get nothing)
  const current: { diagnostic: Diagnostic; finding: Finding }[] = [];
  for (const d of params.context.diagnostics) {
    const finding = findingFor(d, findings, document.version);
    if (finding) current.push({ diagnostic: d, finding });
  }
  const inserts = allInsertions(findings);
  const fixAll = (kind: string): CodeAction => ({ title: t.fixAll, kind, edit: edit(inserts) });

  const actions: CodeAction[] = [];
  if (kindRequested(only, CodeActionKind.QuickFix)) {
    const quickFixes: CodeAction[] = [];
    const others: CodeAction[] = [];
    const titles = new Set<string>();
    const add = (list: CodeAction[], action: CodeAction) => {
      if (titles.has(action.title)) return; // two diagnostics of one rule: one action each
      titles.add(action.title);
      list.push(action);
    };
    const places = current.length ? await input.places(current.map(({ finding }) => finding.start)) : [];
    if (document.version !== version) return [];
    const text = document.getText();
    current.forEach(({ diagnostic, finding }, i) => {
      const at = places[i]!;
      const diagnostics = [diagnostic];
      if (finding.fix && !finding.accepted) {
        add(quickFixes, { title: t.insert(finding.fix.title), kind: CodeActionKind.QuickFix, diagnostics, isPreferred: true, edit: edit([finding.fix]) });
      }
      const rule = finding.rule;
      add(others, { title: t.disableSection(rule), kind: CodeActionKind.QuickFix, diagnostics, edit: edit([directiveInsertion(text, at, 'section', rule, t.placeholders)]) });
      add(others, { title: t.disableFile(rule), kind: CodeActionKind.QuickFix, diagnostics, edit: edit([directiveInsertion(text, at, 'file', rule, t.placeholders)]) });
      if (!finding.accepted) {
        add(others, { title: t.accept(rule), kind: CodeActionKind.QuickFix, diagnostics, edit: edit([directiveInsertion(text, at, 'accept', rule, t.placeholders)]) });
      }
      add(others, { title: t.docs(rule), kind: CodeActionKind.QuickFix, diagnostics, command: { title: t.docs(rule), command: SHOW_DOCUMENTATION_COMMAND, arguments: [rule] } });
    });
    actions.push(...quickFixes);
    // next to a single quick fix, "insert all" would only repeat it
    if (quickFixes.length > 0 && inserts.length > 1) actions.push(fixAll(CodeActionKind.QuickFix));
    actions.push(...others);
  }

  // fix-on-save and "Fix All" ask for source.fixAll explicitly; a plain request gets the quickfix one
  if (only && only.length > 0 && kindRequested(only, FIX_ALL_KIND) && inserts.length > 0) actions.push(fixAll(FIX_ALL_KIND));
  return actions;
}
