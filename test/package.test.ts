// Packaging: `vsce package` must produce a small .vsix that carries only the manifest, README,
// LICENSE, the bundles, the rules data and the rule docs (see .vscodeignore).
// Builds a fresh .vsix into a temp dir (offline: --no-dependencies), or checks FAULTLINE_VSIX.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const MAX_BYTES = 2 * 1024 * 1024;

interface ZipEntry { name: string; compressedSize: number; size: number }

/** Lists a zip's entries from its central directory (no extraction, no dependencies). */
export function readZipEntries(buf: Buffer): ZipEntry[] {
  // End of central directory record: signature 0x06054b50, at most 22 + 65535 bytes from the end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), compressedSize, size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function buildVsix(): string {
  if (process.env.FAULTLINE_VSIX) return path.resolve(process.env.FAULTLINE_VSIX);
  if (!fs.existsSync(path.join(root, 'dist/client.js')) || !fs.existsSync(path.join(root, 'dist/server.js'))) {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  }
  // the same vsce flags as `npm run package` (offline: --no-dependencies), into a temp dir
  const script = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.package ?? '';
  const flags = /vsce package((?:\s+--?[\w-]+)*)/.exec(script)?.[1]?.trim().split(/\s+/) ?? ['--no-dependencies', '--allow-missing-repository'];
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-vsix-')), 'faultline-test.vsix');
  execFileSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', ...flags, '-o', out],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return out;
}

/** Files under `dir` (relative to the repo root, forward slashes), dot folders included. */
function walk(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]);
}

test('npm run package: the .vsix holds only bundles, rules data, docs and metadata, under 2 MB', () => {
  const vsix = buildVsix();
  const size = fs.statSync(vsix).size;
  const names = readZipEntries(fs.readFileSync(vsix)).map((e) => e.name);
  if (!process.env.FAULTLINE_VSIX) fs.rmSync(path.dirname(vsix), { recursive: true, force: true });
  const files = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  console.log(`${path.basename(vsix)}: ${(size / 1024).toFixed(0)} KB, ${names.length} entries`);

  assert.ok(size < MAX_BYTES, `vsix is ${size} bytes, over the 2 MB budget`);
  // the server's analysis worker thread is loaded from next to dist/server.js
  for (const f of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/analysisWorker.js']) assert.ok(files.includes(f), `${f} is packaged`);
  assert.ok(files.some((f) => /^LICENSE(\.txt|\.md)?$/i.test(f)), 'LICENSE is packaged');
  if (fs.existsSync(path.join(root, 'README.md'))) assert.ok(files.some((f) => /^readme\.md$/i.test(f)), 'README is packaged');

  // every file the manifest points at is in the package: the entry point, the config schema
  // that jsonValidation / yamlValidation associate with .faultline.jsonc / .faultline.yaml
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    main: string;
    contributes: { jsonValidation?: { url: string }[]; yamlValidation?: { url: string }[] };
  };
  assert.ok(files.includes(path.posix.normalize(manifest.main)), `main (${manifest.main}) is packaged`);
  const schemas = [...(manifest.contributes.jsonValidation ?? []), ...(manifest.contributes.yamlValidation ?? [])].map((v) => v.url);
  assert.ok(schemas.length > 0, 'the manifest associates the config schema');
  for (const url of schemas) assert.ok(files.includes(path.posix.normalize(url)), `${url} is packaged`);

  // every built-in rule has its documentation page in the package (diagnostics link to it and
  // "Show documentation" opens it: docs/rules/<id>.md next to dist/)
  const ruleIds = fs.readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
  const undocumented = ruleIds.filter((id) => !files.includes(`docs/rules/${id}.md`));
  assert.deepEqual(undocumented, [], 'rules without a packaged docs/rules/<id>.md');

  // every rule file (rules/**/*.yaml, dot folders included) and schema is shipped
  const rulesOnDisk = walk('rules').filter((f) => /\.yaml$/.test(f) || /^rules\/schema\/[^/]+\.json$/.test(f));
  assert.ok(rulesOnDisk.some((f) => /^rules\/[^/]+\.yaml$/.test(f)), 'there are rule files in rules/');
  const missing = rulesOnDisk.filter((f) => !files.includes(f));
  assert.deepEqual(missing, [], 'rule data missing from the .vsix');
  for (const f of walk('docs')) assert.ok(files.includes(f), `${f} is packaged`);

  // nothing else: no sources, tests, dependencies, caches or artefacts
  for (const f of names) {
    assert.ok(!/(^|\/)node_modules\//.test(f), `no node_modules: ${f}`);
    assert.ok(!/^extension\/(server|client)\/src\//.test(f), `no sources: ${f}`);
    assert.ok(!/^extension\/(test|scripts|bench|examples|\.e2e|test-artifacts|\.ci|\.git)\//.test(f), `no dev folders: ${f}`);
  }
  const allowed = [
    /^package\.json$/, /^readme\.md$/i, /^LICENSE(\.txt|\.md)?$/i, /^changelog\.md$/i,
    /^dist\/[^/]+\.js(\.map)?$/, /^rules\/.+\.yaml$/, /^rules\/schema\/[^/]+\.json$/, /^docs\//,
  ];
  const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
  assert.deepEqual(unexpected, [], 'unexpected files in the .vsix');
  assert.deepEqual(names.filter((n) => !n.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
});
