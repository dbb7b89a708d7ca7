/** Timing helpers: wall time and process CPU time of one call, medians and percentiles. */
import { performance } from 'node:perf_hooks';

export interface Sample {
  wall: number; // ms
  cpu: number; // ms of process CPU (user + system, all threads: includes GC helpers)
}

export function timeIt(fn: () => void): Sample {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: number[]): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface Series {
  wall: number[];
  cpu: number[];
}

export const series = (): Series => ({ wall: [], cpu: [] });

export function add(s: Series, sample: Sample): void {
  s.wall.push(sample.wall);
  s.cpu.push(sample.cpu);
}

export const ms = (v: number): string => (Number.isNaN(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
export const ratio = (v: number): string => (Number.isFinite(v) ? v.toFixed(v < 0.1 ? 3 : 2) : '–');
