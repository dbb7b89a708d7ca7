// Multi-root: one language server for both folders of faultline-e2e.code-workspace
// (suite/workspace.js): documents in either folder are reviewed, each with its own folder's
// settings, and the design docs nobody opened are reviewed too (faultline.workspaceDiagnostics).
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { FOLDERS, BETA_OFF_RULE } = require('./workspace');
const { EXPECTED_RULES, waitFor, sleep, rulesOf, openCopy } = require('./helpers');

suite('Faultline in a multi-root workspace', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the workspace has the two folders', () => {
    assert.deepStrictEqual((vscode.workspace.workspaceFolders ?? []).map((f) => f.name), FOLDERS);
  });

  test('a document in each folder is reviewed, with that folder\'s settings', async () => {
    const alpha = await openCopy('multi-root.md', undefined, 0);
    const beta = await openCopy('multi-root.md', undefined, 1);
    assert.notStrictEqual(alpha.uri.toString(), beta.uri.toString());
    await waitFor(() => EXPECTED_RULES.every((r) => rulesOf(alpha.uri).includes(r)),
      () => `alpha: ${EXPECTED_RULES.join(', ')} (have: ${rulesOf(alpha.uri).join(', ')})`);
    const expectedBeta = EXPECTED_RULES.filter((r) => r !== BETA_OFF_RULE);
    await waitFor(() => expectedBeta.every((r) => rulesOf(beta.uri).includes(r)),
      () => `beta: ${expectedBeta.join(', ')} (have: ${rulesOf(beta.uri).join(', ')})`);
    await sleep(500);
    assert.ok(!rulesOf(beta.uri).includes(BETA_OFF_RULE), `beta's folder settings turn ${BETA_OFF_RULE} off`);
    assert.deepStrictEqual(rulesOf(beta.uri), rulesOf(alpha.uri).filter((r) => r !== BETA_OFF_RULE),
      'the same text gets the same findings apart from the rule beta turns off');
  });

  test('workspace diagnostics: the design docs nobody opened are reviewed in both folders', async () => {
    for (const [i, folder] of (vscode.workspace.workspaceFolders ?? []).entries()) {
      const uri = vscode.Uri.joinPath(folder.uri, 'unopened.md');
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), `${folder.name}/unopened.md is not open`);
      const expected = i === 1 ? EXPECTED_RULES.filter((r) => r !== BETA_OFF_RULE) : EXPECTED_RULES;
      await waitFor(() => expected.every((r) => rulesOf(uri).includes(r)),
        () => `${folder.name}/unopened.md: ${expected.join(', ')} (have: ${rulesOf(uri).join(', ')})`);
      if (i === 1) assert.ok(!rulesOf(uri).includes(BETA_OFF_RULE));
      console.log(`${path.basename(folder.uri.fsPath)}/unopened.md (never opened): ${rulesOf(uri).join(', ')}`);
    }
  });
});
