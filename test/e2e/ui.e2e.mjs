// UI end-to-end test in a real VS Code: Debian chromium (driven by playwright-core) -> code-server
// (with the packaged faultline .vsix installed) -> Faultline's language server.
// Opens a design doc, waits for squiggles, reads the Problems panel and the Faultline language
// status item (its counts must be the Problems panel's), applies the quick fix for one diagnostic
// with Ctrl+. / Enter, saves, checks the file on disk, the Problems panel and the status item
// again, then runs "Faultline: Generate Reliability Review" from the command palette.
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
// "Insert <fix title>", e.g. "Insert Dead-letter queue for SQS queue `order-events`"
const FIX_TITLE = /^Insert (?!all missing).*Dead-letter queue/i;
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

/** The status bar's problem counts ("Errors: 9, Warnings: 4, Infos: 1"), all documents. */
async function problemCounts() {
  const label = (await page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
  const n = (what) => Number(new RegExp(`${what}: (\\d+)`).exec(label)?.[1] ?? 0);
  return { errors: n('Errors'), warnings: n('Warnings'), infos: n('Infos') };
}

/** The Faultline language status item, as the hover over the "{ }" language status shows it. */
async function faultlineStatusText() {
  await page.mouse.move(5, 5);                                   // close any open hover first
  await page.locator('#status\\.languageStatus').hover();
  const item = page.locator('.hover-language-status .element .left', { hasText: /^Faultline/ }).first();
  await item.waitFor({ timeout: 10_000 });
  return (await item.innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits until the status item's counts are the Problems panel's (one design doc is open). */
async function waitForStatusMatchingProblems(what) {
  const deadline = Date.now() + T;
  for (;;) {
    const text = await faultlineStatusText().catch((e) => `(no status item: ${e.message.split('\n')[0]})`);
    const p = await problemCounts();
    const said = (re) => Number(re.exec(text)?.[1] ?? 0);
    const counts = { errors: said(/(\d+) errors?\b/), warnings: said(/(\d+) warnings?\b/), infos: said(/(\d+) info\b/) };
    if (/^Faultline: \d/.test(text) && counts.errors === p.errors && counts.warnings === p.warnings && counts.infos === p.infos) return { text, counts };
    if (Date.now() > deadline) fail(`${what}: status item "${text}" vs Problems ${JSON.stringify(p)}`);
    await page.waitForTimeout(500);
  }
}

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

  // 2b. the language status item: Faultline's counts are the Problems panel's
  const statusBefore = await waitForStatusMatchingProblems('status item before the fix');
  console.log(`STATUS ITEM: ${statusBefore.text}`);
  lap('language status item shows the counts');
  await shot('ui-03b-language-status');
  await page.mouse.move(5, 5);

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
    await ourAction.or(noActions).first().waitFor({ timeout: 10_000 }).catch(() => {});
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

  // 6. the status item follows: its counts are the Problems panel's again, one finding fewer
  const statusAfter = await waitForStatusMatchingProblems('status item after the fix');
  const total = (c) => c.errors + c.warnings + c.infos;
  if (total(statusAfter.counts) !== total(statusBefore.counts) - 1) fail(`status item: ${statusBefore.text} -> ${statusAfter.text}, expected one finding fewer`);
  console.log(`STATUS ITEM AFTER FIX: ${statusAfter.text}`);
  await shot('ui-07-language-status-after-fix');
  await page.mouse.move(5, 5);

  // 7. "Faultline: Generate Reliability Review" from the command palette: a new Markdown editor
  //    beside the document, whose headings (Go to Symbol) include Phase 1 and Phase 2
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: T });
  await page.keyboard.type('Faultline: Generate Reliability Review');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Faultline: Generate Reliability Review' }).first().waitFor({ timeout: T });
  await shot('ui-08-command-palette');
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: 'Reliability Design Review' }).waitFor({ timeout: T });
  lap('review report open in a new editor');
  const groups = await page.locator('.editor-group-container').count();
  if (groups < 2) fail(`the report should open beside the document (editor groups: ${groups})`);
  await shot('ui-09-review-report');
  await page.keyboard.press('Control+Shift+O');
  const symbols = page.locator('.quick-input-list .monaco-list-row');
  await symbols.filter({ hasText: /Phase 2/ }).first().waitFor({ timeout: T });
  const headings = (await symbols.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  console.log(`REPORT HEADINGS: ${JSON.stringify(headings.slice(0, 12))}`);
  for (const phase of [/^#+ Phase 1\b/, /^#+ Phase 2\b/]) if (!headings.some((h) => phase.test(h))) fail(`no ${phase} heading in the report: ${JSON.stringify(headings)}`);
  lap('report has Phase 1 and Phase 2 headings');
  await shot('ui-10-review-report-headings');
  await page.keyboard.press('Escape');
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
