// runInExecutor(): the default pool, a pool of one's own, and a second pool for CPU work. In
// JavaScript every pool runs worker threads (asyncio's process pool has no counterpart: a
// worker thread already runs on its own core). The sum runs to 10**6, as the Python side's.
import { run, getRunningLoop, wrapPromise, WorkerPool } from "wasyncio";

// Python's repr() of bytes, so that both programs print the same shape.
function pyBytes(b) {
  let s = "";
  for (const c of b) {
    if (c === 0x5c) s += "\\\\";
    else if (c === 0x27) s += "\\'";
    else if (c === 0x09) s += "\\t";
    else if (c === 0x0a) s += "\\n";
    else if (c === 0x0d) s += "\\r";
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return `b'${s}'`;
}

const workers = new URL("./workers.mjs", import.meta.url);

function* main() {
  const loop = getRunningLoop();

  // 1. Run in the default loop's executor:
  let result = yield* loop.runInExecutor(null, workers, "readRandom");
  console.log("default thread pool", pyBytes(result));

  // 2. Run in a custom pool (`with ThreadPoolExecutor() as pool:` shuts it down at the end):
  let pool = new WorkerPool();
  try {
    result = yield* loop.runInExecutor(pool, workers, "readRandom");
    console.log("custom thread pool", pyBytes(result));
  } finally {
    yield* wrapPromise(pool.close());
  }

  // 3. CPU-bound work in a pool of its own:
  pool = new WorkerPool(2);
  try {
    result = yield* loop.runInExecutor(pool, workers, "cpuBound");
    console.log("custom process pool", String(result));
  } finally {
    yield* wrapPromise(pool.close());
  }
}

await run(main());
