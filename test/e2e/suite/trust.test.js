// Workspace trust: the client tells the server whether the workspace is trusted
// (initializationOptions.trusted); only a trusted workspace's custom rule packs are loaded.
// This window is trusted (the e2e profile turns trust off, which makes every workspace trusted),
// so the project config's custom rule must fire.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { waitFor, rulesOf, extensionPath, openCopy } = require('./helpers');

suite('Faultline and workspace trust', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('in a trusted workspace the config\'s custom rule packs are loaded', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, true);
    const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    const dir = path.join(folder, 'custom-rules-project');
    fs.mkdirSync(path.join(dir, 'team-rules'), { recursive: true });
    // a custom rule: the built-in dead-letter-queue rule under another id
    const source = fs.readFileSync(path.join(extensionPath(), 'rules', 'dead-letter-queue.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'team-rules', 'team-dlq.yaml'), source.replace(/^id: dead-letter-queue$/m, 'id: team-dlq'));
    fs.writeFileSync(path.join(dir, '.faultline.yaml'), 'customRules:\n  - ./team-rules\n');
    const doc = await openCopy(path.join('custom-rules-project', 'design.md'));
    await waitFor(() => rulesOf(doc.uri).includes('team-dlq') && rulesOf(doc.uri).includes('dead-letter-queue'),
      () => `the custom rule team-dlq next to the built-in ones (have: ${rulesOf(doc.uri).join(', ')})`);
  });
});
