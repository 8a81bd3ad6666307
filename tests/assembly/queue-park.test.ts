// qPutOrPark/qPutRetry and qGetOrPark/qGetRetry (assembly/channel.ts), one call per attempt, against
// the calls they stand for (qPut or qGet, then qWaitPut or qWaitGet; after a wake-up qWaitEnd and
// the next attempt): two cores of the same build driven by the same random sequence of puts, gets,
// wake-ups, cancellations, nowait calls and shutdowns, one each way, must answer the same at every
// step (results, node ids, every node's state, sizes, waiter counts).
import { describe, expect, it } from "vitest";
import { builds } from "./core.js";
import { Q_FIFO, Q_LIFO, Q_PRIORITY, Q_PARKED, ST_EMPTY, ST_FULL, SIDE_GET, SIDE_PUT, W_WOKEN, W_PENDING, type CoreExports } from "../../gen/core-abi.js";

/** A small deterministic PRNG (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Actor {
  side: number;
  node: number;
  item: number;
}

/** One way of driving the queue: `split` uses the four-call sequence, else the one-call exports.
 *  Each returns what the façade would see: "put", "item:<h>", "parked:<node>", or a status. */
function driver(c: CoreExports, q: number, split: boolean) {
  const put = (a: Actor): string => {
    if (split) {
      const r = c.qPut(q, a.item, a.item % 5);
      if (r !== ST_FULL) return r === 0 ? "put" : `st:${r}`;
      a.node = c.qWaitPut(q);
      return `parked:${a.node}`;
    }
    const r = c.qPutOrPark(q, a.item, a.item % 5);
    if (r === 0) return "put";
    if (r < 0) return `st:${r}`;
    a.node = r;
    return `parked:${a.node}`;
  };
  const get = (a: Actor): string => {
    if (split) {
      const r = c.qGet(q);
      if (r !== ST_EMPTY) return r >= 0 ? `item:${r}` : `st:${r}`;
      a.node = c.qWaitGet(q);
      return `parked:${a.node}`;
    }
    const r = c.qGetOrPark(q);
    if (r >= 0) return `item:${r}`;
    if (r >= -3) return `st:${r}`;
    a.node = (r ^ Q_PARKED) >>> 0;
    return `parked:${a.node}`;
  };
  return {
    start: (a: Actor): string => (a.side === SIDE_PUT ? put(a) : get(a)),
    resume(a: Actor): string {
      const n = a.node;
      a.node = 0;
      if (split) {
        c.qWaitEnd(q, n, a.side, 0);
        return a.side === SIDE_PUT ? put(a) : get(a);
      }
      if (a.side === SIDE_PUT) {
        const r = c.qPutRetry(q, n, a.item, a.item % 5);
        if (r === 0) return "put";
        if (r < 0) return `st:${r}`;
        a.node = r;
        return `parked:${r}`;
      }
      const r = c.qGetRetry(q, n);
      if (r >= 0) return `item:${r}`;
      if (r >= -3) return `st:${r}`;
      a.node = (r ^ Q_PARKED) >>> 0;
      return `parked:${a.node}`;
    },
  };
}

function state(c: CoreExports, q: number, maxNode: number): unknown {
  const nodes = [];
  for (let n = 1; n <= maxNode; n++) nodes.push(c.waiterState(n));
  return { size: c.qSize(q), getters: c.qGetters(q), putters: c.qPutters(q), unfinished: c.qUnfinished(q), check: c.qCheck(q), nodes };
}

describe.each(builds.map((b) => [b.name, b] as const))("queue put/get in one call (%s)", (_name, b) => {
  it.each([
    [Q_FIFO, 1, 11],
    [Q_FIFO, 3, 12],
    [Q_LIFO, 2, 13],
    [Q_PRIORITY, 2, 14],
    [Q_FIFO, 0, 15],
  ])("kind %i, maxsize %i, seed %i: the same answers as the four-call sequence", (kind, maxsize, seed) => {
    const cores = [b.make(), b.make()];
    const qs = cores.map((c) => c.qNew(kind, maxsize));
    const drivers = cores.map((c, i) => driver(c, qs[i], i === 0));
    const actors: Actor[][] = [[], []];
    for (let i = 0; i < 12; i++) for (const as of actors) as.push({ side: i % 2 === 0 ? SIDE_PUT : SIDE_GET, node: 0, item: 0 });
    const rand = rng(seed);
    let item = 100;
    let parked = 0;
    let resumed = 0;
    for (let step = 0; step < 3000; step++) {
      const k = Math.floor(rand() * 12);
      const op = rand();
      const immediate = rand() < 0.5 ? 1 : 0;
      const out: string[] = [];
      for (let w = 0; w < 2; w++) {
        const c = cores[w];
        const q = qs[w];
        const a = actors[w][k];
        let r: string;
        if (a.node !== 0) {
          const st = c.waiterState(a.node);
          if (op < 0.15) {
            // cancelled (or abandoned) while parked
            if (st === W_PENDING) c.waiterCancel(a.node);
            c.qWaitEnd(q, a.node, a.side, 1);
            a.node = 0;
            r = "cancelled";
          } else if (st === W_WOKEN) {
            r = drivers[w].resume(a);
            if (w === 0) resumed++;
          }
          else r = "waiting";
        } else if (op < 0.05) {
          r = `nowait-get:${c.qGet(q)}`;
        } else if (op < 0.1) {
          r = `nowait-put:${c.qPut(q, item, item % 5)}`;
        } else if (op < 0.1005) {
          c.qShutdown(q, immediate);
          r = "shutdown";
        } else {
          a.item = item;
          r = drivers[w].start(a);
        }
        out.push(r);
      }
      item++;
      if (out[0].startsWith("parked")) parked++;
      expect(out[1], `step ${step}`).toBe(out[0]);
      expect(state(cores[1], qs[1], 40), `step ${step}`).toEqual(state(cores[0], qs[0], 40));
    }
    // The sequences did wait and wake (an unbounded queue's getters only).
    expect(parked).toBeGreaterThan(10);
    expect(resumed).toBeGreaterThan(5);
  });
});
