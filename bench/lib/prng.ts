// xorshift32, ported bit for bit in bench/python/common.py, so every peer (including CPython)
// sleeps exactly the same delays. The driver checks both sides' checksums.
export function delays(n: number, seed: number, maxMs: number): number[] {
  let x = seed >>> 0 || 1;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % (maxMs + 1);
  }
  return out;
}
