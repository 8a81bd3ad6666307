// timeout(null) then reschedule(): the deadline is known only once inside the block. The body
// gets the Timeout (`as cm`).
import { run, sleep, timeout, getRunningLoop, TimeoutError } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* longRunningTask() {
  yield* sleep(3600_000);
}

function* main() {
  let cm;
  try {
    yield* timeout(null, function* (t) {
      cm = t;
      const newDeadline = getRunningLoop().time() + 10_000 * S;
      cm.reschedule(newDeadline);
      yield* longRunningTask();
    });
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
  }
  if (cm.expired()) console.log("Looks like we haven't finished on time.");
}

await run(main());
