export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function gc(): void {
  (globalThis as any).gc?.();
}

/**
 * The collection before a measured run: the young generation only (V8's `gc({ type: "minor" })`;
 * Bun's gc ignores the argument and collects everything), unless `full`. A full collection there
 * also frees the hidden classes (maps) of the objects the previous run made and dropped, and V8
 * then throws away every optimized function that embeds one (`node --trace-deopt-verbose`:
 * "marking dependent code for deoptimization, reason: weak objects"): each run re-measured JIT
 * warm-up. Measured on 2026-12-06, 12 runs in one process each: 100k one-at-a-time spawns took
 * 22 ms per run after a minor collection, 44-54 ms after a full one; Queue(100) 1P/1C 97-114 ms
 * against 133-213 ms (process medians 148-213), bimodal between processes. `--full-gc` (run.ts, ab.ts) restores it.
 */
export function gcBeforeRun(full: boolean): void {
  const g = (globalThis as any).gc;
  if (typeof g !== "function") return;
  if (full) g();
  else g({ type: "minor" });
}

export function mem(): { heapUsedMB: number; rssMB: number } {
  const m = process.memoryUsage();
  return { heapUsedMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20 };
}
