// waitFor(): a coroutine that would sleep for an hour, given one second.
import { run, sleep, waitFor, TimeoutError } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* eternity() {
  yield* sleep(3600_000);
  console.log("yay!");
}

function* main() {
  try {
    yield* waitFor(eternity(), 1000 * S);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log("timeout!");
  }
}

await run(main());
