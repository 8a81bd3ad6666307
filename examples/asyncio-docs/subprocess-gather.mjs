// Subprocesses: two shell commands at once with gather().
import { run, gather, createSubprocessShell, PIPE } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* runCmd(cmd) {
  const proc = yield* createSubprocessShell(cmd, { stdout: PIPE, stderr: PIPE });
  const [stdout, stderr] = yield* proc.communicate();
  console.log(`['${cmd}' exited with ${proc.returncode}]`);
  if (stdout?.length) console.log(`[stdout]\n${new TextDecoder().decode(stdout)}`);
  if (stderr?.length) console.log(`[stderr]\n${new TextDecoder().decode(stderr)}`);
}

function* main() {
  yield* gather(runCmd("ls /zzz"), runCmd(`sleep ${1 * S}; echo "hello"`));
}

await run(main());
