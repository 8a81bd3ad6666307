#!/usr/bin/env node
// `npx wasyncio`: a REPL in which top-level `await` runs on a live wasyncio loop, as
// `python -m asyncio` does. Every export of the package is in scope; `.ps` lists the live tasks;
// Ctrl-C cancels what the input awaits. `npx wasyncio ps PID` / `pstree PID` list the tasks of
// another process (bin/ps.mjs), as `python -m asyncio ps`/`pstree` do.
import repl from "node:repl";
import { readFileSync } from "node:fs";
import * as wasyncio from "../dist/ts/entry/node.js";

if (process.argv[2] === "ps" || process.argv[2] === "pstree") {
  const { main } = await import("./ps.mjs");
  process.exit(await main(process.argv.slice(2)));
}

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const loop = wasyncio.newEventLoop();
const running = loop.runForever();

console.log(`wasyncio REPL ${pkg.version} on Node.js ${process.version} (${process.platform})`);
console.log('Use "await" directly instead of "run()". Coroutines: await createTask(function* () { ... })');
console.log('Type ".ps" for the live tasks, ".exit" to leave.');
console.log('>>> import * as wasyncio from "wasyncio"  // and every export by its own name');

const r = repl.start({ prompt: ">>> ", ignoreUndefined: true, breakEvalOnSigint: Boolean(process.stdout.isTTY) });
Object.assign(r.context, wasyncio, { wasyncio, loop });

// Ctrl-C while an input awaits cancels what it awaits and the loop goes on, as asyncio's REPL
// cancels its running REPL task (Lib/asyncio/__main__.py). The futures and tasks an input awaits
// are the ones whose then() is called while it is being evaluated (Node's top-level await calls
// it; an awaited Op runs as a task, whose then() it calls).
let awaited = null;
const then = wasyncio.Future.prototype.then;
wasyncio.Future.prototype.then = function (...args) {
  if (awaited !== null && this._loop === loop) awaited.add(this);
  return then.apply(this, args);
};
const evaluate = r.eval;
let interrupted = null; // the input that Ctrl-C interrupted
r.eval = function (code, context, file, done) {
  const mine = (awaited = new Set());
  evaluate.call(this, code, context, file, (err, value) => {
    if (awaited === mine) awaited = null;
    if (interrupted === mine && isInterrupt(err)) {
      interrupted = null;
      console.log("KeyboardInterrupt");
      return done(null, undefined);
    }
    done(err, value);
  });
};
// An input interrupted by Ctrl-C ends as asyncio's REPL ends it, with "KeyboardInterrupt", not
// Node's "Uncaught [Error [ERR_SCRIPT_EXECUTION_INTERRUPTED] ...]" (terminal) or "Uncaught
// CancelledError" (piped input). The error of a top-level await reaches the REPL's domain
// handler, not eval's callback: the handler runs as it is (it resets the input and shows the
// prompt) with its one write of the error replaced.
const isInterrupt = (e) => e != null && (e.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED" || e instanceof wasyncio.CancelledError);
const domainErrors = r._domain?.listeners("error") ?? [];
if (domainErrors.length === 1) {
  const [replError] = domainErrors;
  r._domain.removeListener("error", replError);
  r._domain.on("error", function (e) {
    if (interrupted === null || !isInterrupt(e)) return replError.call(this, e);
    interrupted = null;
    const real = r.output;
    let first = true;
    r.output = new Proxy(real, {
      get(target, key) {
        if (key === "write" && first) {
          first = false;
          return () => target.write("KeyboardInterrupt\n");
        }
        const v = Reflect.get(target, key, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    try {
      replError.call(this, e);
    } finally {
      r.output = real;
    }
  });
}
function interrupt() {
  const pending = awaited === null ? [] : [...awaited].filter((f) => !f.done());
  if (awaited !== null) interrupted = awaited;
  for (const f of pending) f.cancel("interrupted (Ctrl-C)");
  return pending.length > 0;
}
// On a terminal Node's REPL owns Ctrl-C (it abandons the pending await, or offers to exit);
// the awaited work is cancelled first. Without one (piped input), SIGINT comes as a signal.
r.prependListener("SIGINT", interrupt);
if (!r.terminal) {
  process.on("SIGINT", () => {
    if (!interrupt()) {
      console.log("KeyboardInterrupt");
      r.displayPrompt();
    }
  });
}

r.defineCommand("ps", {
  help: "List the loop's live tasks as a tree",
  action() {
    console.log(wasyncio.formatTaskTree(loop) || "(no live tasks)");
    this.displayPrompt();
  },
});
r.on("exit", async () => {
  loop.stop();
  await running.catch(() => {});
  for (const t of wasyncio.allTasks(loop)) t.cancel();
  loop.close();
  process.exit(0);
});
