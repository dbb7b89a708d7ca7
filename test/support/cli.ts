/** Helpers for the CLI and config tests: run the built CLI, make throw-away project folders. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function requireBuild(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
}

export function runCli(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, FAULTLINE_JOBS: undefined, ...opts.env },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonDiagnostic {
  rule: string;
  tier: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  subject?: { id: string; name: string; kind: string };
  [extra: string]: unknown;
}
export interface JsonFile {
  file: string;
  diagnostics: JsonDiagnostic[];
  skipped?: string;
  notices?: unknown[];
}

/** Runs with --format json and parses stdout (failing with stderr when it is not JSON). */
export function runJson(args: string[], opts: Parameters<typeof runCli>[1] = {}): RunResult & { files: JsonFile[] } {
  const r = runCli(['--format', 'json', ...args], opts);
  let files: JsonFile[];
  try {
    files = JSON.parse(r.stdout) as JsonFile[];
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { ...r, files };
}

/** A temporary folder with these files (path → content); removed by the returned cleanup. */
export function project(files: Record<string, string>): { dir: string; file(p: string): string; cleanup(): void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-test-')));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return { dir, file: (p) => path.join(dir, p), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** The text a 0-based LSP range covers. */
export function textAt(text: string, range: JsonDiagnostic['range']): string {
  const lines = text.split(/\r\n|\r|\n/);
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i]!.length + 1;
    return o + p.character;
  };
  return text.replace(/\r\n?/g, '\n').slice(offset(range.start), offset(range.end));
}

/** Rules that fired, each once, in order of first appearance. */
export function firedRules(files: JsonFile[]): string[] {
  return [...new Set(files.flatMap((f) => f.diagnostics.map((d) => d.rule)))];
}

/** `--rule id=off` for each id. */
export function ruleArgs(ids: string[], setting = 'off'): string[] {
  return ids.flatMap((id) => ['--rule', `${id}=${setting}`]);
}
