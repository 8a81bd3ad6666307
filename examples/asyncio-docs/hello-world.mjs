// The Hello World of asyncio's front page (tests/examples/asyncio-docs/python/hello_world.py).
// ASYNCIO_DOCS_SCALE multiplies the docs' delays here and in every example of this folder.
import { run, sleep } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* main() {
  console.log("Hello ...");
  yield* sleep(1000 * S); // asyncio.sleep(1): milliseconds here
  console.log("... World!");
}

await run(main());
