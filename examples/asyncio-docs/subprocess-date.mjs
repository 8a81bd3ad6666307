// Subprocesses: start this runtime with createSubprocessExec(program, args[], opts), read one
// line of its output, wait for it to exit. The arguments are one array, not asyncio's varargs.
import { run, createSubprocessExec, PIPE } from "wasyncio";

function* getDate() {
  const code = `import("${new URL("./pydate.mjs", import.meta.url)}").then((m) => console.log(m.pyNow()))`;

  // Create the subprocess; redirect the standard output into a pipe.
  const proc = yield* createSubprocessExec(process.execPath, ["-e", code], { stdout: PIPE });

  // Read one line of output.
  const data = yield* proc.stdout.readline();
  const line = new TextDecoder("ascii").decode(data).trimEnd();

  // Wait for the subprocess exit.
  yield* proc.wait();
  return line;
}

const date = await run(getDate());
console.log(`Current date: ${date}`);
