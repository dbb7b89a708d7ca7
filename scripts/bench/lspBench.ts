/**
 * The language server as an editor sees it: the built dist/server.js over stdio, driven by the
 * test suite's JSON-RPC client (vscode-languageserver-protocol, the library under
 * vscode-languageclient). Debounce 0, so that a latency is the server's own work.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../../test/helpers/lspClient';
import { percentile } from './measure';

const SETTINGS = { faultline: { debounceMs: 0 } };
/** the server under test (default: dist/server.js); `--server FILE` compares another build */
let serverScript: string | undefined;
export function useServer(script: string | undefined): void {
  serverScript = script;
}
const start = () => LspClient.start({ settings: SETTINGS, serverScript });
let uriCounter = 0;
const benchUri = (name: string) => `file:///tmp/faultline-bench/${++uriCounter}-${name}`;

export interface LatencyResult {
  chars: number;
  edits: number;
  latencies: number[];
  p50: number;
  p95: number;
}

/** didChange (a one-line edit) → publishDiagnostics for that version, edit after edit. */
export async function editLatency(text: string, edits: number, name = 'doc.md'): Promise<LatencyResult> {
  const client = await start();
  try {
    const uri = benchUri(name);
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, { version: 1, timeoutMs: 120_000 });
    const lines = text.split('\n');
    const editable = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.length > 20 && !l.startsWith('```')).map(({ i }) => i);
    const latencies: number[] = [];
    for (let e = 0; e < edits; e++) {
      const doc = client.document(uri);
      const line = editable[Math.floor(((e + 0.5) / edits) * editable.length)]!;
      const character = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '').length;
      const t0 = performance.now();
      const changed = await client.change(uri, [{ range: { start: { line, character }, end: { line, character } }, text: ` (edit ${e})` }]);
      await client.waitForDiagnostics(uri, { version: changed.version, timeoutMs: 120_000 });
      latencies.push(performance.now() - t0);
    }
    return { chars: text.length, edits, latencies, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
  } finally {
    await client.stop();
  }
}

/** Resident set size of a process, from /proc (Linux); undefined elsewhere. */
export function rssOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

export interface MemoryResult {
  docs: number;
  charsEach: number;
  idleMb?: number;
  /** at the last document's diagnostics */
  rssMb?: number;
  /** SETTLE_MS later, when the server has had its idle-time collections */
  settledMb?: number;
  peakMb?: number;
}

const SETTLE_MS = 1500;

/** Server RSS with `docs.length` documents open and reviewed. */
export async function memoryWithOpenDocs(docs: string[]): Promise<MemoryResult> {
  const client = await start();
  try {
    const pid = client.process.pid!;
    const idle = rssOf(pid);
    const uris = docs.map((_, i) => benchUri(`open-${i}.md`));
    for (let i = 0; i < docs.length; i++) await client.open(uris[i]!, docs[i]!);
    for (const uri of uris) await client.waitForDiagnostics(uri, { version: 1, timeoutMs: 300_000 });
    const mem = rssOf(pid);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settled = rssOf(pid);
    return { docs: docs.length, charsEach: Math.round(docs.reduce((n, d) => n + d.length, 0) / docs.length), idleMb: idle?.rssMb, rssMb: mem?.rssMb, settledMb: settled?.rssMb, peakMb: settled?.peakMb };
  } finally {
    await client.stop();
  }
}

export interface HugeDocResult {
  chars: number;
  /** didOpen → its diagnostics */
  publishMs: number;
  diagnostics: number;
  notices: Diagnostic[];
  /** hovers on a small document, one every 250 ms while the huge one is analysed: the longest wait */
  hoverWhileBusyMs: number;
  hoversWhileBusy: number;
  /** the same hover once the server is idle */
  hoverIdleMs: number;
}

/** Open a huge document, then ask about a small one at once: does the editor wait? */
export async function hugeDocument(huge: string, small: string): Promise<HugeDocResult> {
  const client = await start();
  try {
    const smallUri = benchUri('small.md');
    await client.open(smallUri, small);
    await client.waitForDiagnostics(smallUri, { version: 1, timeoutMs: 60_000 });
    const hugeUri = benchUri('huge.md');
    const t0 = performance.now();
    await client.open(hugeUri, huge);
    let done = false;
    const published = client.waitForDiagnostics(hugeUri, { version: 1, timeoutMs: 600_000 }).finally(() => { done = true; });
    const waits: number[] = [];
    while (!done) {
      const h0 = performance.now();
      await client.hover(smallUri, { line: 0, character: 2 });
      waits.push(performance.now() - h0);
      if (process.env.FAULTLINE_BENCH_TRACE) console.log(`hover at ${(h0 - t0).toFixed(0)} ms waited ${(performance.now() - h0).toFixed(0)} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const publishMs = performance.now() - t0;
    const result = await published;
    const h1 = performance.now();
    await client.hover(smallUri, { line: 0, character: 2 });
    const hoverIdleMs = performance.now() - h1;
    return {
      chars: huge.length,
      publishMs,
      diagnostics: result.diagnostics.length,
      notices: result.diagnostics.filter((d) => d.code === undefined),
      hoverWhileBusyMs: Math.max(...waits),
      hoversWhileBusy: waits.length,
      hoverIdleMs,
    };
  } finally {
    await client.stop();
  }
}
