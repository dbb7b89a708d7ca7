// Test-runner entry point loaded by VS Code's extension host (extensionTestsPath): runs this
// folder's *.test.js with mocha inside the real extension host. Used by test/e2e/run-ext-tests.mjs
// (code-server, in CI) and test/e2e/run-electron.mjs (@vscode/test-electron, where VS Code exists).
const path = require('path');
const fs = require('fs');

function loadMocha() {
  const tried = [];
  const candidates = [
    process.env.FAULTLINE_E2E_TOOLS && path.join(process.env.FAULTLINE_E2E_TOOLS, 'node_modules', 'mocha'),
    path.resolve(__dirname, '..', '..', '..', '.e2e', 'cache', 'tools', 'node_modules', 'mocha'),
    'mocha',
  ].filter(Boolean);
  for (const c of candidates) {
    try { return require(c); } catch (e) { tried.push(`${c}: ${e.message.split('\n')[0]}`); }
  }
  throw new Error(`mocha not found (run test/e2e/install.sh tools):\n  ${tried.join('\n  ')}`);
}

exports.run = function run() {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  const only = process.env.FAULTLINE_E2E_GREP;
  if (only) mocha.grep(only);
  // the crash-restart test kills the server: it runs last, so that a failure there cannot
  // take the other tests with it
  const order = (f) => (/restart/.test(f) ? 1 : 0);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  for (const f of files) {
    mocha.addFile(path.join(__dirname, f));
  }
  const results = { passes: [], failures: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const out = process.env.FAULTLINE_E2E_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify({ ...results, failuresCount: failures }, null, 2));
      failures ? reject(new Error(`${failures} test(s) failed`)) : resolve();
    });
    runner.on('pass', (t) => results.passes.push(t.fullTitle()));
    runner.on('fail', (t, err) => results.failures.push({ title: t.fullTitle(), error: String((err && err.stack) || err) }));
  });
};
