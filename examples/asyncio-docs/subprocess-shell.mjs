// Subprocesses: a shell command's exit status and output. Usage: node subprocess-shell.mjs [cmd]
// (`ls /zzz` by default, as in the docs). communicate() gives the two outputs as Uint8Arrays
// (null for a stream that is not a PIPE).
import { run, createSubprocessShell, PIPE } from "wasyncio";

function* runCmd(cmd) {
  const proc = yield* createSubprocessShell(cmd, { stdout: PIPE, stderr: PIPE });

  const [stdout, stderr] = yield* proc.communicate();

  console.log(`['${cmd}' exited with ${proc.returncode}]`);
  if (stdout?.length) console.log(`[stdout]\n${new TextDecoder().decode(stdout)}`);
  if (stderr?.length) console.log(`[stderr]\n${new TextDecoder().decode(stderr)}`);
}

await run(runCmd(process.argv[2] ?? "ls /zzz"));
