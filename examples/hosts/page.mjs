// page.mjs: wasyncio in a page. The work (counting primes) runs in module Web Workers through
// toThread, so the page stays responsive; a Queue of ranges feeds two consumer tasks in a
// TaskGroup, a <progress> shows the ranges done, the whole search has a time budget (timeout),
// and the Stop button aborts run() through an AbortSignal. "wasyncio" resolves to the package's
// `browser` entry (the core.wasm bytes are inside the bundle).
//
// Query parameters: ?below=N (default 1000000), ?budget=ms (default 20000).
import { run, taskGroup, timeout, toThread, Queue, TimeoutError, CancelledError } from "wasyncio";

const params = new URLSearchParams(location.search);
const below = Number(params.get("below") ?? 1_000_000);
const budget = Number(params.get("budget") ?? 20_000);
const CHUNKS = 8;
const WORK = new URL("./page-work.mjs", location.href);

const $ = (id) => document.getElementById(id);
const log = (line) => ($("log").textContent += `${line}\n`);

/** A consumer: takes [lo, hi) ranges off the queue and counts them in a Web Worker. */
function* consumer(ranges, counts, onDone) {
  for (;;) {
    const range = yield* ranges.get();
    if (range === null) return;
    counts[range.index] = yield* toThread(WORK, "countPrimes", range.lo, range.hi);
    onDone();
  }
}

function* search() {
  const ranges = new Queue();
  const step = Math.ceil(below / CHUNKS);
  for (let i = 0; i < CHUNKS; i++) ranges.putNowait({ index: i, lo: i * step, hi: Math.min(below, (i + 1) * step) });
  ranges.putNowait(null);
  ranges.putNowait(null);
  const counts = new Array(CHUNKS).fill(0);
  let done = 0;
  const onDone = () => {
    done++;
    $("progress").value = done / CHUNKS;
    $("status").textContent = `${done} of ${CHUNKS} ranges`;
  };
  yield* taskGroup(function* (tg) {
    tg.createTask(consumer(ranges, counts, onDone), { name: "consumer-1" });
    tg.createTask(consumer(ranges, counts, onDone), { name: "consumer-2" });
  });
  return counts.reduce((a, b) => a + b, 0);
}

function* main() {
  log(`counting primes below ${below} in ${CHUNKS} ranges, 2 at a time, within ${budget} ms`);
  try {
    const total = yield* timeout(budget, search);
    log(`${total} primes below ${below}`);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    log(`gave up: the budget of ${budget} ms ran out`);
  }
}

const stop = new AbortController();
$("stop").addEventListener("click", () => stop.abort("stopped by the Stop button"));
run(main, { signal: stop.signal })
  .catch((e) => log(e instanceof CancelledError ? `cancelled: ${e.message}` : `failed: ${e}`))
  .finally(() => {
    $("status").textContent = "finished";
    $("stop").disabled = true;
  });
