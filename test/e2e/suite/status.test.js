// The client's own features in a real extension host: the language status item fed by
// faultline/status, "Faultline: Generate Reliability Review", rule documentation.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { EXPECTED_RULES, waitFor, faultline, rulesOf, api, extensionPath, openCopy } = require('./helpers');

/** Faultline's findings in the editor by severity, accepted risks (hints saying so) apart. */
function severityCounts(uri) {
  const c = { critical: 0, significant: 0, moderate: 0, minor: 0, accepted: 0 };
  const tierOf = { [vscode.DiagnosticSeverity.Error]: 'critical', [vscode.DiagnosticSeverity.Warning]: 'significant',
    [vscode.DiagnosticSeverity.Information]: 'moderate', [vscode.DiagnosticSeverity.Hint]: 'minor' };
  for (const d of faultline(uri)) {
    if (/^Accepted risk: /.test(d.message)) c.accepted++;
    else c[tierOf[d.severity]]++;
  }
  return c;
}

/** The status for exactly the document's current text. */
async function currentStatus(faultlineApi, doc) {
  return waitFor(() => {
    const s = faultlineApi.status(doc.uri);
    return s && s.version === doc.version && s;
  }, () => `faultline/status for ${path.basename(doc.uri.fsPath)} v${doc.version} (have: ${JSON.stringify(faultlineApi.status(doc.uri))})`);
}

suite('Faultline client: status, review report, documentation', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('faultline/status: counts by tier agree with the diagnostics; the status item says them', async () => {
    const faultlineApi = await api();
    const doc = await openCopy('status.md');
    await waitFor(() => EXPECTED_RULES.every((r) => rulesOf(doc.uri).includes(r)), 'diagnostics');
    const status = await currentStatus(faultlineApi, doc);
    const seen = severityCounts(doc.uri);
    assert.deepStrictEqual({ ...status.counts, accepted: status.accepted }, seen, 'status counts = diagnostics by severity');
    assert.strictEqual(status.skipped, undefined);
    assert.ok(status.durationMs >= 0);
    assert.ok(!Number.isNaN(Date.parse(status.analyzedAt)), `analyzedAt is a time: ${status.analyzedAt}`);
    assert.ok(Math.abs(Date.now() - Date.parse(status.analyzedAt)) < 10 * 60_000, 'analyzedAt is now-ish (same clock)');

    const { text, detail } = faultlineApi.statusText(doc.uri);
    console.log(`status item: "${text}" / "${detail}"`);
    assert.match(text, /^Faultline: /);
    const said = (re) => Number((re.exec(text) ?? [0, 0])[1]);
    assert.strictEqual(said(/(\d+) errors?\b/), seen.critical, 'errors in the text');
    assert.strictEqual(said(/(\d+) warnings?\b/), seen.significant, 'warnings in the text');
    assert.strictEqual(said(/(\d+) info\b/), seen.moderate, 'info in the text');
    assert.strictEqual(said(/(\d+) hints?\b/), seen.minor, 'hints in the text');
    assert.match(detail, /^Reviewed at .+ in \d+ ms/);
  });

  test('faultline/status follows edits: a new status for the new version', async () => {
    const faultlineApi = await api();
    const doc = await openCopy('status-edit.md');
    const first = await currentStatus(faultlineApi, doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '\nThe worker calls the Stripe API to refund cancelled orders.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const second = await currentStatus(faultlineApi, doc);
    assert.ok(second.version > first.version, `version ${second.version} after ${first.version}`);
    assert.ok(Date.parse(second.analyzedAt) >= Date.parse(first.analyzedAt));
    await waitFor(() => {
      const s = faultlineApi.status(doc.uri);
      const seen = severityCounts(doc.uri);
      return s.version === doc.version && ['critical', 'significant', 'moderate', 'minor'].every((t) => s.counts[t] === seen[t]);
    }, 'status counts = diagnostics after the edit');
  });

  test('"Faultline: Generate Reliability Review" opens the report beside the document', async () => {
    const doc = await openCopy('review.md');
    await waitFor(() => faultline(doc.uri).length > 0, 'diagnostics');
    const report = await vscode.commands.executeCommand('faultline.generateReview');
    assert.ok(report, 'the command returns the report document');
    assert.strictEqual(report.isUntitled, true);
    assert.strictEqual(report.languageId, 'markdown');
    const text = report.getText();
    assert.match(text, /^#+ .*Phase 1/m, 'Phase 1 heading');
    assert.match(text, /^#+ .*Phase 2/m, 'Phase 2 heading');
    for (const rule of EXPECTED_RULES) assert.ok(text.includes(rule), `the report mentions ${rule}`);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === report);
    const source = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    assert.ok(editor && source, 'report and document both visible');
    assert.notStrictEqual(editor.viewColumn, source.viewColumn, 'the report is beside the document');
    console.log(`review report: ${text.length} chars, first heading ${JSON.stringify(text.split('\n').find((l) => l.startsWith('#')))}`);
    // the report is Faultline's output, not a design doc: the client keeps it from the server.
    // An edit of the source doc is reviewed after the report would have been (0 ms on open,
    // the debounce after an edit): once its status is in, the report would have had one too.
    const faultlineApi = await api();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await currentStatus(faultlineApi, doc);
    assert.strictEqual(faultlineApi.status(report.uri), undefined, 'no status for the report');
    assert.deepStrictEqual(vscode.languages.getDiagnostics(report.uri), [], 'no diagnostics on the report');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('rule documentation: the command opens docs/rules/<id>.md shipped with the extension', async () => {
    const page = path.join(extensionPath(), 'docs', 'rules', 'timeout.md');
    const result = await vscode.commands.executeCommand('faultline.showRuleDocumentation', 'timeout');
    assert.ok(result && result.uri, `the server returns the page: ${JSON.stringify(result)}`);
    assert.strictEqual(path.normalize(vscode.Uri.parse(result.uri).fsPath), page);
    const shown = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === page), 'the page in an editor');
    assert.match(shown.document.getText(), /^# `timeout`/);
  });
});
