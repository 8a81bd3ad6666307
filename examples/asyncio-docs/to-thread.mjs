// toThread(): a blocking function in a worker thread while the loop sleeps concurrently. The
// function is named by module and export; a URL built from import.meta.url finds the module
// wherever the program is started from (a relative path would be resolved against the working
// directory).
import { run, sleep, gather, toThread } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);
const now = () => new Date().toLocaleTimeString("en-GB");

function* main() {
  console.log(`started main at ${now()}`);
  yield* gather(toThread(new URL("./workers.mjs", import.meta.url), "blockingIo"), sleep(1000 * S));
  console.log(`finished main at ${now()}`);
}

await run(main());
