/**
 * A full garbage collection on demand (V8's `gc`, reached without the --expose-gc command-line
 * flag), for the moments when the language server knows a burst of allocation is over: rules
 * loaded, a batch of analyses done. Left to itself V8 keeps that garbage, and its pages, for long.
 *
 * It also compacts: an analysis leaves the old generation's pages a third empty (what is live is
 * scattered between the dead), and V8 compacts only pages it finds fragmented enough, so those
 * pages stayed resident: 10 MB of the worker's 25. Compaction costs a few milliseconds more, at a
 * moment when nothing waits; V8's own collections, during analyses, are left as they are.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  if (!gc) return;
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/**
 * V8 grows a thread's young generation under allocation bursts (publishing hundreds of
 * diagnostics, loading the rules) up to 16 MB per semi-space and keeps it resident. The bundle's
 * first line sets this flag (esbuild.mjs); starting a worker thread resets V8's flags to their
 * defaults, so the server sets it again once each worker is up.
 */
export function keepYoungGenerationSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

export function heapUsed(): number {
  return v8.getHeapStatistics().used_heap_size;
}

/**
 * A full collection when work has left garbage behind. V8 on its own lets garbage pile up to a
 * large multiple of what is live (an analysis makes several times the document's size in
 * short-lived objects; publishing hundreds of diagnostics makes them twice over, parsed and
 * serialised), and the server's resident memory grows with it. A collection takes tens of
 * milliseconds, which the next job would wait for. So: in a batch (more work waiting) at once past
 * SLACK; after the last job of a batch or a single edit, once nothing has come for IDLE_MS, or at
 * once past HARD_SLACK.
 */
export class GarbageTidy {
  static readonly HARD_SLACK = 48 * 2 ** 20;
  static readonly SLACK = 8 * 2 ** 20;
  static readonly IDLE_MS = 200;
  private afterCollection = heapUsed();
  private idleTimer?: ReturnType<typeof setTimeout>;

  /** @param hardSlack past this much garbage, collect at once even when not idle (Infinity: only once idle) */
  constructor(private readonly hardSlack = GarbageTidy.HARD_SLACK) {}

  /** work came: not idle */
  busy(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** a piece of work is done; `batch`: more is waiting */
  done(batch: boolean): void {
    const garbage = heapUsed() - this.afterCollection;
    if (garbage > this.hardSlack || (batch && garbage > GarbageTidy.SLACK)) this.collect();
    else if (garbage > GarbageTidy.SLACK) {
      this.busy();
      this.idleTimer = setTimeout(() => this.collect(), GarbageTidy.IDLE_MS);
      this.idleTimer.unref();
    }
  }

  collect(): void {
    this.busy();
    collectGarbage();
    this.afterCollection = heapUsed();
  }
}
