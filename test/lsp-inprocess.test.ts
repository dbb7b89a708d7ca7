/**
 * The server started in-process with a custom analyzer factory (`createAnalyzer`, as tests and
 * embedders use): analyses then run on the calling thread, through the same interface as the
 * worker threads of the standalone server, and publish the same diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { Analyzer } from '../server/src/analysis/analyzer';
import { startServer } from '../server/src/adapters/lsp/server';
import { clientCapabilities, REPO_ROOT } from './helpers/lspClient';

test('createAnalyzer: in-process analysis publishes what the engine finds, and hovers answer', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const made: string[][] = [];
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { createAnalyzer: (dirs) => (made.push(dirs), new Analyzer({ extraRuleDirs: dirs })) });
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  client.onNotification(PublishDiagnosticsNotification.type, (p) => void published.push(p));
  client.onRequest('workspace/configuration', () => [{ debounceMs: 0 }]);
  client.listen();
  try {
    await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: clientCapabilities({ configuration: true, documentChanges: true }), workspaceFolders: null });
    await client.sendNotification(InitializedNotification.type, {});
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lsp-payments.en.md'), 'utf8');
    const uri = 'untitled:in-process.md';
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const deadline = Date.now() + 30_000;
    while (!published.some((p) => p.uri === uri) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const p = published.find((x) => x.uri === uri);
    assert.ok(p, 'diagnostics published');
    assert.deepEqual(made, [[]], 'the factory made the built-in analyzer');
    const expected = new Analyzer().analyze(text, { fileName: uri });
    assert.deepEqual(p.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`), expected.findings.map((f) => `${f.rule}@${f.range.start.line}:${f.range.start.character}`));
    const hover = await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: p.diagnostics[0]!.range.start });
    assert.ok(hover, 'hover answered');
  } finally {
    client.dispose();
    serverConnection.dispose();
    toServer.destroy();
    toClient.destroy();
  }
});
