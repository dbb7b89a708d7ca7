/**
 * The client's own commands. Review logic stays in the server: these ask it through
 * workspace/executeCommand and show the answer.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import {
  SERVER_GENERATE_REVIEW,
  SERVER_SHOW_DOCUMENTATION,
  type ReviewResult,
  type ShowDocumentationResult,
} from './protocol';
import type { GeneratedReports } from './generatedReports';
import type { RuleEntry } from './ruleCatalog';

export type ClientGetter = () => LanguageClient | undefined;

function runningClient(getClient: ClientGetter): LanguageClient | undefined {
  const client = getClient();
  if (client?.isRunning()) return client;
  void vscode.window.showErrorMessage('Faultline: the language server is not running. Run "Faultline: Restart Language Server".');
  return undefined;
}

/** Review report of the active document, opened beside it as a new untitled Markdown editor. */
export async function generateReview(getClient: ClientGetter, reports: GeneratedReports): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showWarningMessage('Faultline: open a Markdown design document to generate its reliability review.');
    return undefined;
  }
  const client = runningClient(getClient);
  if (!client) return undefined;
  const uri = client.code2ProtocolConverter.asUri(editor.document.uri);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Faultline: generating the reliability review' },
      () => client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_GENERATE_REVIEW, arguments: [uri] }),
    ) as ReviewResult | null;
    if (!result || typeof result.markdown !== 'string') throw new Error('the server returned no report');
    // the report is not a design doc to review (see GeneratedReports)
    reports.expect(result.markdown);
    let report: vscode.TextDocument;
    try {
      report = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
    } catch (e) {
      reports.unexpect(result.markdown);
      throw e;
    }
    await vscode.window.showTextDocument(report, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return report;
  } catch (e) {
    client.error('Generating the reliability review failed', e);
    void vscode.window.showErrorMessage(`Faultline: could not generate the review: ${(e as Error).message ?? e}`);
    return undefined;
  }
}

interface RulePick extends vscode.QuickPickItem {
  ruleId?: string;
}

/** Rules with findings in the active document first, then every built-in rule. */
export function rulePicks(catalog: RuleEntry[], inDocument: string[]): RulePick[] {
  const byId = new Map(catalog.map((r) => [r.id, r]));
  const item = (id: string): RulePick => {
    const r = byId.get(id);
    return { label: id, description: r?.title, detail: r?.tier ? `tier: ${r.tier}` : undefined, ruleId: id };
  };
  const here = [...new Set(inDocument)].sort();
  const picks: RulePick[] = [];
  if (here.length) {
    picks.push({ label: 'In this document', kind: vscode.QuickPickItemKind.Separator }, ...here.map(item));
    picks.push({ label: 'All rules', kind: vscode.QuickPickItemKind.Separator });
  }
  picks.push(...catalog.filter((r) => !here.includes(r.id)).map((r) => item(r.id)));
  return picks;
}

function faultlineCodes(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri)
    .filter((d) => d.source === 'faultline')
    .map((d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '')))
    .filter((c) => c.length > 0);
}

/** Opens a rule's documentation page; asks which rule when not given one. */
export async function showRuleDocumentation(
  getClient: ClientGetter,
  catalog: () => RuleEntry[],
  ruleId?: unknown,
): Promise<ShowDocumentationResult | undefined> {
  let id = typeof ruleId === 'string' && ruleId ? ruleId : undefined;
  if (!id) {
    const active = vscode.window.activeTextEditor?.document.uri;
    const pick = await vscode.window.showQuickPick(rulePicks(catalog(), active ? faultlineCodes(active) : []), {
      title: 'Faultline: Show Rule Documentation',
      placeHolder: 'Rule id or title',
      matchOnDescription: true,
    });
    id = pick?.ruleId;
  }
  if (!id) return undefined;
  const client = runningClient(getClient);
  if (!client) return undefined;
  try {
    // the server answers with window/showDocument (opened by the client) and returns the page
    return await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_SHOW_DOCUMENTATION, arguments: [id] }) as ShowDocumentationResult;
  } catch (e) {
    client.error(`Showing the documentation of ${id} failed`, e);
    void vscode.window.showErrorMessage(`Faultline: no documentation for "${id}": ${(e as Error).message ?? e}`);
    return undefined;
  }
}
