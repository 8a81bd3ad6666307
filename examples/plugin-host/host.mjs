// A plugin host: each plugin (a module exporting `main`, a generator function) runs in a worker
// thread of its own, on one wasyncio loop with limits (docs/embedding.md). The host polls each
// loop's stats, stops a plugin that runs too long through an AbortSignal (the worker aborts its
// run), and terminates a worker that stops answering (a synchronous infinite loop: no limit can
// interrupt it). It prints one line per plugin and exits when every one is done.
//
//   node examples/plugin-host/host.mjs          (after `npm run build`)
//
// Environment: PLUGINS (comma-separated names from plugins/, default: all six),
// DEADLINE_MS (default 1500, after which a plugin is stopped), SILENT_MS (default 1000: a worker
// silent that long is terminated).
import { Worker } from "node:worker_threads";

const ALL = ["good", "spawner", "flood", "slow", "forever", "stuck"];
const names = process.env.PLUGINS ? process.env.PLUGINS.split(",") : ALL;
const DEADLINE_MS = Number(process.env.DEADLINE_MS ?? 1500);
const SILENT_MS = Number(process.env.SILENT_MS ?? 1000);
/** What every plugin may take: 100 live tasks, 1 MiB of core memory, 5 ms slices. */
const limits = { tasks: 100, memory: 1 << 20, sliceMs: 5 };

function runPlugin(name) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./runner.mjs", import.meta.url), {
      workerData: { plugin: new URL(`./plugins/${name}.mjs`, import.meta.url).href, limits },
    });
    let lastHeard = Date.now();
    let peak = 0;
    let slow = 0;
    let settled = false;
    const finish = (line) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      if (deadline !== null) clearTimeout(deadline);
      resolve(`${name}: ${line} (peak core memory ${peak} bytes, ${slow} slow steps)`);
    };
    let deadline = null;
    worker.on("message", (m) => {
      lastHeard = Date.now();
      // Too long: ask the plugin's loop to stop (its main task is cancelled). Counted from the
      // moment the plugin is loaded and its run begins.
      if (m.type === "ready") deadline = setTimeout(() => worker.postMessage("stop"), DEADLINE_MS);
      else if (m.type === "stats") peak = Math.max(peak, m.stats.coreMemoryPeak);
      else if (m.type === "slow") slow++;
      else if (m.type === "done") {
        peak = Math.max(peak, m.stats.coreMemoryPeak);
        finish(m.ok ? `ok ${JSON.stringify(m.value)}` : `${m.error.name}${m.error.limit ? ` ${m.error.limit} ${m.error.max}` : ""}: ${m.error.message}`);
        worker.terminate();
      }
    });
    worker.on("error", (e) => finish(`crashed: ${e.message}`));
    // Silent once running: the loop gives its host no turn (a synchronous loop in the plugin).
    // Terminate the worker: nothing else can stop it.
    const watchdog = setInterval(() => {
      if (deadline !== null && Date.now() - lastHeard > SILENT_MS) {
        worker.terminate();
        finish(`terminated: silent for ${SILENT_MS} ms`);
      }
    }, 100);
  });
}

for (const line of await Promise.all(names.map(runPlugin))) console.log(line);
