// The worker side of host.mjs: one plugin, one loop with the host's limits. It reports the
// loop's stats every 200 ms (which is also how the host knows the thread still gets turns), each
// step that ran longer than sliceMs, and the outcome (after "ready", once the plugin is loaded); "stop" from the host aborts the run.
import { parentPort, workerData } from "node:worker_threads";
import { run, getRunningLoop } from "wasyncio";

const { main } = await import(workerData.plugin);
const stop = new AbortController();
parentPort.on("message", (m) => {
  if (m === "stop") stop.abort(new Error("the host's deadline passed"));
});

let loop = null;
const poll = setInterval(() => {
  if (loop !== null && !loop.isClosed()) parentPort.postMessage({ type: "stats", stats: loop.stats() });
}, 200);

parentPort.postMessage({ type: "ready" });
let done;
let last = null;
try {
  const value = await run(
    function* () {
      loop = getRunningLoop();
      loop.setExceptionHandler((_l, ctx) => {
        if (ctx.duration !== undefined) parentPort.postMessage({ type: "slow", ms: ctx.duration });
        else loop.defaultExceptionHandler(ctx);
      });
      try {
        return yield* main();
      } finally {
        last = loop.stats();
      }
    },
    { limits: workerData.limits, signal: stop.signal },
  );
  done = { type: "done", ok: true, value };
} catch (e) {
  done = { type: "done", ok: false, error: { name: e.name, message: e.message, limit: e.limit, max: e.max } };
}
clearInterval(poll);
parentPort.postMessage({ ...done, stats: last ?? loop.stats() });
