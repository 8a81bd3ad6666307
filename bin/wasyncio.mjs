#!/usr/bin/env node
// `npx wasyncio`: a REPL in which top-level `await` runs on a live wasyncio loop, as
// `python -m asyncio` does. Every export of the package is in scope; `.ps` lists the live tasks.
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

const r = repl.start({ prompt: ">>> ", ignoreUndefined: true, breakEvalOnSigint: false });
Object.assign(r.context, wasyncio, { wasyncio, loop });
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
