// Shared bits of the browser-driven e2e tests: playwright-core from the e2e tools cache (not the
// project's dependencies) driving Debian's chromium, headless, with a fresh profile.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const TOOLS = process.env.TOOLS_DIR ?? path.resolve('.e2e/cache/tools');

export function lapTimer() {
  const t0 = Date.now();
  return (label) => console.log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${label}`);
}

export async function launchBrowser(profileDir, viewport = { width: 1280, height: 800 }) {
  const { chromium } = createRequire(path.join(TOOLS, 'package.json'))('playwright-core');
  fs.rmSync(profileDir, { recursive: true, force: true });
  const xdg = path.join(path.dirname(profileDir), 'chrome-xdg');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // chromium writes ~/.config/chromium/Crash Reports and ~/.cache/dconf despite --user-data-dir
    env: { ...process.env, XDG_CONFIG_HOME: `${xdg}/config`, XDG_CACHE_HOME: `${xdg}/cache` },
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page };
}
