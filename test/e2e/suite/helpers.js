// Shared by the extension-host tests: polling, diagnostics by rule, documents, code actions.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { FIXTURE } = require('./workspace');

const EXTENSION_ID = 'faultline.faultline';
const EXPECTED_RULES = ['dual-write', 'dead-letter-queue', 'circuit-breaker'];

async function waitFor(fn, what, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ruleOf = (d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : d.code === undefined ? undefined : String(d.code));
/** Faultline's diagnostics that are findings (notices about the document carry no rule id). */
const faultline = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'faultline' && ruleOf(d) !== undefined);
const rulesOf = (uri) => [...new Set(faultline(uri).map(ruleOf))].sort();
const byRule = (uri, rule) => faultline(uri).filter((d) => ruleOf(d) === rule);

/** The extension's API (activate's return value). */
async function api() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.isActive ? ext.exports : ext.activate();
}

function extensionPath() {
  return vscode.extensions.getExtension(EXTENSION_ID).extensionPath;
}

/** A fresh copy of a fixture in a workspace folder (default: the first), opened in an editor. */
async function openCopy(name, text = fs.readFileSync(FIXTURE, 'utf8'), folder = 0) {
  const dir = vscode.workspace.workspaceFolders?.[folder]?.uri.fsPath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-e2e-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Code actions of `kind` at `range`, polled until `pick` finds one (the first answers may be
 *  empty or only other providers' actions). Edits are resolved (itemResolveCount). */
async function codeActions(uri, range, kind, pick, what) {
  let attempts = 0, lastSeen = [];
  const found = await waitFor(async () => {
    attempts++;
    try {
      const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, kind, 10)) ?? [];
      lastSeen = actions.map((a) => ({ title: a.title, kind: a.kind && a.kind.value }));
      return actions.find(pick);
    } catch (e) {
      console.log(`executeCodeActionProvider attempt ${attempts} threw: ${(e && e.stack) || e}`);
      return undefined;
    }
  }, () => `${what} (last answer: ${JSON.stringify(lastSeen)})`, 15000);
  console.log(`${what}: "${found.title}" after ${attempts} request(s)`);
  return found;
}

async function apply(action) {
  assert.ok(action.edit || action.command, `action "${action.title}" has an edit or a command`);
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'workspace edit applied');
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** The tiers a built-in rule file declares (rules/<id>.yaml in the installed extension): the
 *  rule's own and those of detection entries that raise or lower it for some subjects. */
function tiersOf(rule) {
  const text = fs.readFileSync(path.join(extensionPath(), 'rules', `${rule}.yaml`), 'utf8');
  return [...new Set([...text.matchAll(/^[ \t]*tier:[ \t]*([a-z]+)/gm)].map((m) => m[1]))];
}
const SEVERITY_OF_TIER = {
  critical: vscode.DiagnosticSeverity.Error,
  significant: vscode.DiagnosticSeverity.Warning,
  moderate: vscode.DiagnosticSeverity.Information,
  minor: vscode.DiagnosticSeverity.Hint,
};

module.exports = {
  EXTENSION_ID, EXPECTED_RULES, FIXTURE, waitFor, sleep, ruleOf, faultline, rulesOf, byRule, api, extensionPath,
  openCopy, codeActions, apply, tiersOf, SEVERITY_OF_TIER,
};
