// timeoutAt(): an absolute deadline on the loop's clock (loop.time(), milliseconds).
import { run, sleep, timeoutAt, getRunningLoop, TimeoutError } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* longRunningTask() {
  yield* sleep(3600_000);
}

function* main() {
  const loop = getRunningLoop();
  const deadline = loop.time() + 20_000 * S;
  try {
    yield* timeoutAt(deadline, function* () {
      yield* longRunningTask();
    });
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log("The long operation timed out, but we've handled it.");
  }
  console.log("This statement will run regardless.");
}

await run(main());
