// The quick-start demo: tasks, a TaskGroup, a timeout and a cancellation, on the real package
// entry ("wasyncio" resolves to dist/ through package.json's exports map).
import { run, sleep, createTask, taskGroup, timeout, gather, TimeoutError, CancelledError, getRunningLoop } from "wasyncio";

const t0 = performance.now();
const stamp = () => `${String(Math.round(performance.now() - t0)).padStart(4)} ms`;

function* fetchOne(i) {
  yield* sleep(10 * i);
  return i * i;
}

function* ticker(name, every) {
  try {
    for (let n = 1; ; n++) {
      yield* sleep(every);
      console.log(`${stamp()}  ${name} tick ${n}`);
    }
  } catch (e) {
    if (e instanceof CancelledError) console.log(`${stamp()}  ${name} was cancelled: ${e.message || "(no message)"}`);
    throw e;
  }
}

function* main() {
  console.log(`${stamp()}  wasyncio demo on the ${getRunningLoop()._host.name} host`);

  // Tasks in a TaskGroup: the group waits for all of them.
  const tasks = yield* taskGroup(function* (tg) {
    return [1, 2, 3].map((i) => tg.createTask(fetchOne(i), { name: `fetch-${i}` }));
  });
  console.log(`${stamp()}  TaskGroup results: ${JSON.stringify(tasks.map((t) => t.result()))}`);

  // A timeout: the sleep is cancelled at 50 ms and the scope raises TimeoutError.
  try {
    yield* timeout(50, function* () {
      yield* sleep(1000);
    });
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log(`${stamp()}  timeout(50) raised TimeoutError (cause: ${e.cause?.name})`);
  }

  // A cancellation: a background task is cancelled with a message and awaited.
  const tick = createTask(ticker("ticker", 20));
  yield* sleep(70);
  tick.cancel("demo is over");
  const [outcome] = yield* gather(tick, { returnExceptions: true });
  console.log(`${stamp()}  the ticker ended with ${outcome.name}; cancelled() = ${tick.cancelled()}`);

  // Async functions are tasks too.
  const viaAsync = createTask(async () => {
    await sleep(5);
    return "from an async function";
  });
  console.log(`${stamp()}  ${yield* viaAsync}`);
  return "done";
}

console.log(await run(main()));
