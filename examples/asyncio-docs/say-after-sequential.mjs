// Coroutines and tasks: awaiting say_after() twice, one after the other (about 3 s).
import { run, sleep } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);
const now = () => new Date().toLocaleTimeString("en-GB"); // time.strftime('%X')

function* sayAfter(delay, what) {
  yield* sleep(delay * 1000 * S);
  console.log(what);
}

function* main() {
  console.log(`started at ${now()}`);
  yield* sayAfter(1, "hello"); // await say_after(1, 'hello')
  yield* sayAfter(2, "world");
  console.log(`finished at ${now()}`);
}

await run(main());
