// timeout(): an operation that takes too long, handled. `async with asyncio.timeout(10):` is
// `yield* timeout(10_000, function* () { ... })`; TimeoutError is wasyncio's.
import { run, sleep, timeout, TimeoutError } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* longRunningTask() {
  yield* sleep(3600_000);
}

function* main() {
  try {
    yield* timeout(10_000 * S, function* () {
      yield* longRunningTask();
    });
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log("The long operation timed out, but we've handled it.");
  }
  console.log("This statement will run regardless.");
}

await run(main());
