// sleep(): print the date every second for five seconds. The loop's clock is in milliseconds.
import { run, sleep, getRunningLoop } from "wasyncio";
import { pyNow } from "./pydate.mjs";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* displayDate() {
  const loop = getRunningLoop();
  const endTime = loop.time() + 5000 * S;
  while (true) {
    console.log(pyNow());
    if (loop.time() + 1000 * S >= endTime) break;
    yield* sleep(1000 * S);
  }
}

await run(displayDate());
