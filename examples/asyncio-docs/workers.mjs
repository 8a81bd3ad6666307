// workers.mjs: the blocking functions of the to-thread and run-in-executor examples. toThread()
// and runInExecutor() name a function by its module and export, because a worker thread loads
// its own copy of the module (JavaScript threads share no functions).
import { openSync, readSync, closeSync, writeSync } from "node:fs";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);
const now = () => new Date().toLocaleTimeString("en-GB");
// A worker's console.log() reaches the main thread's stdout later, through a message; writing to
// fd 1 directly keeps the lines in the order they happen.
const print = (line) => writeSync(1, `${line}\n`);

/** to_thread's blocking_io(): prints, blocks the thread for a second, prints. */
export function blockingIo() {
  print(`start blocking_io at ${now()}`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000 * S); // time.sleep(1)
  print(`blocking_io complete at ${now()}`);
}

/** run_in_executor's blocking_io(): 100 bytes of /dev/urandom, read synchronously. */
export function readRandom() {
  const fd = openSync("/dev/urandom", "r");
  try {
    const b = new Uint8Array(100);
    readSync(fd, b, 0, 100, null);
    return b;
  } finally {
    closeSync(fd);
  }
}

/** cpu_bound(): the sum of the squares below 10**6, exactly (a BigInt: it passes 2**53). */
export function cpuBound() {
  let s = 0n;
  for (let i = 0n; i < 1_000_000n; i++) s += i * i;
  return s;
}
