// The same extension-host suite (test/e2e/suite) under @vscode/test-electron, for machines where
// a VS Code desktop build can be had. These CI machines cannot download VS Code, so this runner
// is not part of run.sh; there, run-ext-tests.mjs runs the suite in code-server instead.
//
//   VSCODE_EXECUTABLE=/path/to/code node test/e2e/run-electron.mjs [path/to/extension]
//
// The extension under test defaults to the repo root (run `npm run build` first); pass the
// unpacked .vsix's extension/ folder to test the package. Without VSCODE_EXECUTABLE,
// test-electron would download VS Code (set FAULTLINE_ALLOW_VSCODE_DOWNLOAD=1 to allow that).
// @vscode/test-electron and mocha come from the e2e tools cache (test/e2e/install.sh tools).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const tools = process.env.TOOLS_DIR ?? path.join(root, '.e2e/cache/tools');
const { runTests } = createRequire(path.join(tools, 'package.json'))('@vscode/test-electron');

const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath && process.env.FAULTLINE_ALLOW_VSCODE_DOWNLOAD !== '1') {
  console.error('Set VSCODE_EXECUTABLE to a VS Code binary (or FAULTLINE_ALLOW_VSCODE_DOWNLOAD=1).');
  process.exit(2);
}
const extensionDevelopmentPath = path.resolve(process.argv[2] ?? root);
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-electron-ws-'));
// the same multi-root workspace as in code-server (suite/workspace.js)
const { createWorkspace } = createRequire(import.meta.url)('./suite/workspace.js');
const workspaceFile = createWorkspace(path.join(workspace, 'ws'));
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-electron-user-'));
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(path.join(userData, 'User', 'settings.json'),
  JSON.stringify({ 'chat.disableAIFeatures': true, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off' }));

try {
  await runTests({
    ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
    extensionDevelopmentPath,
    extensionTestsPath: path.join(here, 'suite', 'index.js'),
    launchArgs: [workspaceFile, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
                 '--skip-release-notes', `--user-data-dir=${userData}`],
    extensionTestsEnv: { FAULTLINE_E2E_TOOLS: tools, FAULTLINE_E2E_RESULTS: path.join(workspace, 'results.json') },
  });
  console.log('extension-host suite passed under @vscode/test-electron');
} catch (e) {
  console.error('extension-host suite failed under @vscode/test-electron:', e);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(userData, { recursive: true, force: true });
}
