// A crashed language server is started again by the client (its error handler: up to 4
// restarts in 3 minutes), and the open documents are reviewed again by the new server; the
// restart command does the same on demand.
const assert = require('assert');
const vscode = require('vscode');
const { waitFor, faultline, api, openCopy } = require('./helpers');

suite('Faultline server crash', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the client restarts a killed server, which reviews the open document again', async () => {
    const faultlineApi = await api();
    const doc = await openCopy('crash.md');
    await waitFor(() => faultline(doc.uri).length > 0, 'diagnostics before the crash');
    const client = faultlineApi.client;
    const pid = await client.sendRequest('faultline/pid');
    assert.ok(Number.isInteger(pid) && pid > 0 && pid !== process.pid, `server pid ${pid}`);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    // the client notices, restarts the server (a new process) and re-sends the open documents
    const newPid = await waitFor(async () => {
      if (!faultlineApi.client || !faultlineApi.client.isRunning()) return undefined;
      try {
        const p = await faultlineApi.client.sendRequest('faultline/pid');
        return p !== pid && p;
      } catch {
        return undefined;
      }
    }, 'a running server with a new pid');
    const status = await waitFor(() => {
      const s = faultlineApi.status(doc.uri);
      return s && Date.parse(s.analyzedAt) >= killedAt && s;
    }, 'a status from the new server');
    assert.ok(faultline(doc.uri).length > 0, 'diagnostics after the restart');
    console.log(`server ${pid} killed; restarted as ${newPid}, document reviewed again at ${status.analyzedAt}`);
    assert.strictEqual(faultlineApi.statusText(doc.uri).text.startsWith('Faultline: '), true);
  });

  test('"Faultline: Restart Language Server" starts a new server that reviews the open document', async () => {
    const faultlineApi = await api();
    const doc = await openCopy('restart-command.md');
    await waitFor(() => faultline(doc.uri).length > 0, 'diagnostics before the restart');
    const pid = await faultlineApi.client.sendRequest('faultline/pid');
    const before = Date.now();
    await vscode.commands.executeCommand('faultline.restartServer');
    assert.ok(faultlineApi.client.isRunning(), 'running once the command returns');
    const newPid = await faultlineApi.client.sendRequest('faultline/pid');
    assert.notStrictEqual(newPid, pid, 'a new server process');
    await waitFor(() => {
      const s = faultlineApi.status(doc.uri);
      return s && Date.parse(s.analyzedAt) >= before && faultline(doc.uri).length > 0;
    }, 'the document reviewed by the new server');
    console.log(`restart command: server ${pid} -> ${newPid}`);
  });
});
