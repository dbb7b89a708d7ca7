// UI end-to-end test in a real VS Code: Debian chromium (driven by playwright-core) -> code-server
// (with the packaged faultline .vsix installed) -> Faultline's language server.
// Opens a design doc, waits for squiggles, reads the Problems panel, applies the quick fix for
// one diagnostic with Ctrl+. / Enter, saves, and checks the file on disk and the Problems panel.
// Env: CS_URL, TOOLS_DIR, E2E_RUN, ARTIFACTS (set by run.sh / lib.sh).
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, lapTimer } from './browser.mjs';

const BASE = process.env.CS_URL ?? 'http://127.0.0.1:8123';
const RUN = process.env.E2E_RUN ?? path.resolve('.e2e/run');
const SHOTS = process.env.ARTIFACTS ?? path.resolve('test-artifacts/e2e');
const WS = path.join(RUN, 'workspace-ui');
const FIXTURE = 'order-service.md';
const FILE = path.join(WS, FIXTURE);
const EXPECTED_RULES = ['dual-write', 'dead-letter-queue', 'circuit-breaker'];
const FIX_RULE = 'dead-letter-queue';
const FIX_TITLE = /^Insert ".*Dead-letter queue.*" section$/i;
const T = 60_000;

fs.mkdirSync(SHOTS, { recursive: true });
fs.rmSync(WS, { recursive: true, force: true });
fs.mkdirSync(WS, { recursive: true });
fs.copyFileSync(new URL(`./fixtures/${FIXTURE}`, import.meta.url), FILE);
const original = fs.readFileSync(FILE, 'utf8');
// where the dead-letter-queue finding sits (1-based): the queue's name on the consumer's line
const fixLineIndex = original.split('\n').findIndex((l) => /consumes the SQS queue/.test(l));
const FIX_LINE = fixLineIndex + 1;
const FIX_COL = original.split('\n')[fixLineIndex].indexOf('`order-events`') + 2; // on the name, after the backtick

const lap = lapTimer();
const fail = (msg) => { throw new Error(msg); };
const { context, page } = await launchBrowser(path.join(RUN, 'chrome-ui'), { width: 1280, height: 1000 });
const consoleLog = fs.createWriteStream(path.join(SHOTS, 'ui-browser-console.log'));
page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
const shot = async (name) => { await page.screenshot({ path: path.join(SHOTS, `${name}.png`) }); lap(`screenshot ${name}.png`); };

const squiggles = page.locator('.monaco-editor .view-overlays :is(.squiggly-error, .squiggly-warning, .squiggly-info)');
const markerRows = page.locator('.markers-panel .monaco-list-row');

/** Problems panel rows as text, scrolling through the (virtualised) list to collect them all. */
async function problemRows() {
  const seen = new Map();
  const list = page.locator('.markers-panel .monaco-list').first();
  await list.hover();
  for (let i = 0; i < 40; i++) {
    const before = seen.size;
    for (const row of await markerRows.all()) {
      const text = (await row.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
      const idx = await row.getAttribute('data-index').catch(() => null);
      if (text) seen.set(idx ?? text, text);
    }
    const atEnd = await list.evaluate((el) => {
      const s = el.querySelector('.monaco-scrollable-element');
      const sb = el.querySelector('.scrollbar.vertical .slider');
      if (!s || !sb) return true;
      const track = sb.parentElement.getBoundingClientRect();
      const r = sb.getBoundingClientRect();
      return r.bottom >= track.bottom - 1;
    });
    if (atEnd && seen.size === before) break;
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(50);
  }
  // back to the top for the screenshots
  await page.mouse.wheel(0, -100_000);
  return [...seen.values()];
}

/** Rule ids in the Problems panel: a row reads "<message> faultline <rule id> [Ln 11, Col 50]". */
const rulesIn = (rows) => [...new Set(rows.flatMap((r) => [...r.matchAll(/\bfaultline\s*\(?([a-z0-9-]+)\)?\s*\[Ln \d+/g)].map((m) => m[1])))].sort();

async function waitForRules(pred, what) {
  const deadline = Date.now() + T;
  for (;;) {
    const rows = await problemRows();
    const rules = rulesIn(rows);
    if (pred(rules)) return { rows, rules };
    if (Date.now() > deadline) fail(`${what}: Problems panel shows rules [${rules.join(', ')}]\n${rows.join('\n')}`);
    await page.waitForTimeout(500);
  }
}

try {
  lap('browser launched');
  await page.goto(`${BASE}/?folder=${encodeURIComponent(WS)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: T });
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FIXTURE });
  await row.waitFor({ timeout: T });
  lap('workbench + explorer ready');
  await shot('ui-01-workbench');

  // 1. open the design doc from the Explorer; wait for the language server's squiggles
  await row.click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'Order Service: System Design' }).waitFor({ timeout: T });
  lap(`${FIXTURE} open in editor`);
  await squiggles.first().waitFor({ timeout: T });
  lap(`squiggles visible (${await squiggles.count()} squiggle segments)`);
  await shot('ui-02-squiggles');

  // 2. Problems panel: every expected rule is listed, with source faultline
  await page.keyboard.press('Control+Shift+M');
  await markerRows.first().waitFor({ timeout: T });
  const before = await waitForRules((rules) => EXPECTED_RULES.every((r) => rules.includes(r)), 'expected rules');
  console.log(`PROBLEMS (${before.rows.length} rows):\n  ${before.rows.join('\n  ')}`);
  console.log(`RULES: ${before.rules.join(', ')}`);
  lap('Problems panel lists ' + EXPECTED_RULES.join(', '));
  await shot('ui-03-problems-panel');

  // 3. quick fix: cursor onto the finding (Ctrl+G line:col), Ctrl+. , pick our action, Enter
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ timeout: T });
  await page.keyboard.type(`${FIX_LINE}:${FIX_COL}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${FIX_LINE}, Col ${FIX_COL}` }).waitFor({ timeout: T });
  lap(`cursor at Ln ${FIX_LINE}, Col ${FIX_COL}`);
  // the lightbulb is a content widget, or a glyph-margin decoration when it would cover text
  await page.locator('.monaco-editor :is(.lightBulbWidget, [class*="gutter-lightbulb"])').first()
    .waitFor({ timeout: 10_000 }).then(() => lap('lightbulb shown'), () => lap('no lightbulb seen (continuing)'));
  // Ctrl+. right after the cursor moves can race the lightbulb's own code-action request and
  // show "No code actions available": dismiss and retry.
  const actionRows = page.locator('.action-widget .monaco-list-row');
  const noActions = page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions available' });
  const ourAction = actionRows.filter({ hasText: FIX_TITLE });
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Period');
    await ourAction.or(noActions).first().waitFor({ timeout: T }).catch(() => {});
    if (await ourAction.first().isVisible()) { lap(`quick fix menu shown (attempt ${attempt})`); break; }
    if (attempt === 5) fail('quick fix never offered');
    lap(`no Faultline quick fix on attempt ${attempt}; retrying`);
    await page.keyboard.press('Escape');
    await noActions.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    await page.waitForTimeout(500);
  }
  const menu = (await actionRows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  console.log(`QUICK FIX MENU: ${JSON.stringify(menu)}`);
  await shot('ui-04-quickfix-menu');
  // The action widget swallows clicks until the mouse moves: use the keyboard like a user,
  // moving the focus down to our action, then Enter.
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < menu.length + 1 && !FIX_TITLE.test((await focused.innerText().catch(() => '')).trim()); i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(50);
  }
  const chosen = (await focused.innerText()).trim();
  if (!FIX_TITLE.test(chosen)) fail(`could not focus the quick fix (focused: ${chosen})`);
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: 'Dead-letter queue' }).waitFor({ timeout: T });
  lap(`"${chosen}" applied in the editor (unsaved)`);
  await shot('ui-05-after-quickfix-unsaved');

  // 4. save; the file on disk gained the section and kept every original line
  await page.keyboard.press('Control+S');
  const deadline = Date.now() + T;
  let onDisk;
  while ((onDisk = fs.readFileSync(FILE, 'utf8')) === original && Date.now() < deadline) await page.waitForTimeout(100);
  fs.writeFileSync(path.join(SHOTS, `ui-${FIXTURE}.after`), onDisk);
  if (!/^#+ .*Dead-letter queue/im.test(onDisk)) fail(`no "Dead-letter queue" section heading on disk:\n${onDisk}`);
  const lost = original.split('\n').filter((l) => l && !onDisk.includes(l));
  if (lost.length) fail(`the quick fix removed lines: ${JSON.stringify(lost)}`);
  console.log(`INSERTED (${onDisk.length - original.length} chars):\n${onDisk.split('\n').filter((l) => !original.includes(l)).join('\n')}`);
  lap('file on disk has the inserted section');

  // 5. the fixed diagnostic is gone; the others stay
  const after = await waitForRules((rules) => !rules.includes(FIX_RULE) && rules.includes('dual-write'), `${FIX_RULE} gone`);
  console.log(`RULES AFTER FIX: ${after.rules.join(', ')}`);
  lap(`${FIX_RULE} no longer in the Problems panel`);
  await shot('ui-06-saved-diagnostic-gone');
  console.log('UI E2E PASS');
} catch (e) {
  await page.screenshot({ path: path.join(SHOTS, 'ui-99-failure.png') }).catch(() => {});
  console.error('UI E2E FAIL:', e);
  process.exitCode = 1;
} finally {
  await context.close();
  consoleLog.end();
  lap('done');
}
