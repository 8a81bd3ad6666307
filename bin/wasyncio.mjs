#!/usr/bin/env node
// `npx wasyncio`: a REPL in which top-level `await` runs on a live wasyncio loop, as
// `python -m asyncio` does. Every export of the package is in scope; `.ps` lists the live tasks;
// Ctrl-C cancels what the input awaits.
import repl from "node:repl";
import { readFileSync } from "node:fs";
import * as wasyncio from "../dist/ts/entry/node.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const loop = wasyncio.newEventLoop();
const running = loop.runForever();

console.log(`wasyncio REPL ${pkg.version} on Node.js ${process.version} (${process.platform})`);
console.log('Use "await" directly instead of "run()". Coroutines: await createTask(function* () { ... })');
console.log('Type ".ps" for the live tasks, ".exit" to leave.');
console.log(">>> import * from 'wasyncio'");

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
r.eval = function (code, context, file, done) {
  const mine = (awaited = new Set());
  evaluate.call(this, code, context, file, (err, value) => {
    if (awaited === mine) awaited = null;
    done(err, value);
  });
};
function interrupt() {
  const pending = awaited === null ? [] : [...awaited].filter((f) => !f.done());
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
