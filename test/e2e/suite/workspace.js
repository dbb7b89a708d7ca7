// The multi-root workspace the extension-host suite runs in (made by run-ext-tests.mjs for
// code-server and by run-electron.mjs for VS Code desktop):
//   faultline-e2e.code-workspace   folders alpha and beta
//   alpha/                         where the tests write their documents (folder 0)
//   alpha/unopened.md, beta/unopened.md   design docs no test opens (workspace diagnostics)
//   beta/.vscode/settings.json     turns circuit-breaker off for beta only (a folder setting)
const fs = require('fs');
const path = require('path');

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'order-service.md');
const FOLDERS = ['alpha', 'beta'];
/** the rule beta's folder settings turn off */
const BETA_OFF_RULE = 'circuit-breaker';

/** Creates the workspace under `dir` (emptied first); returns the .code-workspace file. */
function createWorkspace(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of FOLDERS) fs.mkdirSync(path.join(dir, f), { recursive: true });
  const design = fs.readFileSync(FIXTURE, 'utf8');
  for (const f of FOLDERS) fs.writeFileSync(path.join(dir, f, 'unopened.md'), design);
  fs.mkdirSync(path.join(dir, 'beta', '.vscode'));
  fs.writeFileSync(path.join(dir, 'beta', '.vscode', 'settings.json'),
    JSON.stringify({ 'faultline.rules': { [BETA_OFF_RULE]: 'off' } }, null, 2));
  const file = path.join(dir, 'faultline-e2e.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: FOLDERS.map((f) => ({ path: f })), settings: {} }, null, 2));
  return file;
}

module.exports = { createWorkspace, FOLDERS, BETA_OFF_RULE, FIXTURE };
