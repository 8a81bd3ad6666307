export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function gc(): void {
  (globalThis as any).gc?.();
}

export function mem(): { heapUsedMB: number; rssMB: number } {
  const m = process.memoryUsage();
  return { heapUsedMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20 };
}
