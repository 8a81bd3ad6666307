// shield(): the outer await is cancelled, the shielded task goes on; and the pattern that
// ignores the cancellation with try/catch.
import { run, sleep, shield, createTask, CancelledError } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* something() {
  yield* sleep(1000 * S);
  console.log("something() finished");
  return "result";
}

function* caller(inner) {
  let res;
  try {
    res = yield* shield(inner);
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    console.log("caller: cancelled, something() goes on");
    res = null;
  }
  return res;
}

function* main() {
  const inner = createTask(something());
  const outer = createTask(caller(inner));
  yield* sleep(500 * S);
  outer.cancel();
  const returned = yield* outer;
  console.log("caller returned", returned === null ? "None" : returned);
  console.log("inner result:", yield* inner);
}

await run(main());
