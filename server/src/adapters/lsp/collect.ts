/**
 * A full garbage collection on demand (V8's `gc`, reached without the --expose-gc command-line
 * flag), for the moments when the language server knows a burst of allocation is over: rules
 * loaded, a batch of analyses done. Left to itself V8 keeps that garbage, and its pages, for long.
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
  gc?.();
}

export function heapUsed(): number {
  return v8.getHeapStatistics().used_heap_size;
}
