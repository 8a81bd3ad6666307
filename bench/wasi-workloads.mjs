// wasi-workloads.mjs: the workloads of bench/README's (a) and (b), written once for the WASI
// guest (bench/wasi-guest.mjs) and for Node (bench/wasi.mjs): `api` is the package entry's
// exports (wasyncio/wasi inside the guest; wasyncio or wasyncio/portable on Node).
export function workloads({ run, createTask, sleep }, N = 100_000) {

  /** bench/lib/prng.ts's xorshift32 delays (seed 42, 0..100 ms), written out for the guest. */
  function delays(n, seed, maxMs) {
    let x = seed >>> 0 || 1;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = (x >>> 0) % (maxMs + 1);
    }
    return out;
  }

  function* child(i) {
    return i;
  }

  function* spawnJoin() {
    const ts = new Array(N);
    for (let i = 0; i < N; i++) ts[i] = createTask(child(i));
    let sum = 0;
    for (let i = 0; i < N; i++) sum += yield* ts[i];
    return sum;
  }

  function* sleeper(ms) {
    yield* sleep(ms);
    return ms;
  }

  function* sleeps() {
    const d = delays(N, 42, 100);
    const ts = new Array(N);
    for (let i = 0; i < N; i++) ts[i] = createTask(sleeper(d[i]));
    let sum = 0;
    for (let i = 0; i < N; i++) sum += yield* ts[i];
    return sum;
  }

  async function timed(which, now) {
    const t = now();
    const value = which === "spawn" ? await run(spawnJoin) : which === "sleep" ? await run(sleeps) : 0;
    return { which, ms: now() - t, value };
  }

  return { N, timed };
}
