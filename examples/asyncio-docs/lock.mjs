// Lock: three tasks read, wait and write a shared counter; the lock keeps each update whole.
// `async with lock:` is acquire() and a try/finally that releases (or, where the runtime has
// `using` declarations, `using _ = yield* lock.hold()`).
import { run, sleep, gather, Lock } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* addOne(lock, shared, name) {
  yield* lock.acquire();
  try {
    const value = shared.count;
    yield* sleep(100 * S);
    shared.count = value + 1;
    console.log(`${name} wrote ${shared.count}`);
  } finally {
    lock.release();
  }
}

function* main() {
  const lock = new Lock();
  const shared = { count: 0 };
  yield* gather(...[0, 1, 2].map((i) => addOne(lock, shared, `task-${i}`)));
  console.log("count:", shared.count, "locked:", lock.locked() ? "True" : "False");
}

await run(main());
