// addSignalHandler(): SIGINT or SIGTERM stops the loop; run() then rejects with RuntimeError,
// the loop having stopped before main() completed, as asyncio.run() raises. The pid is printed
// once the handlers are in place (the docs print it before run()), so a signal sent after it is
// handled. Node has SIGINT and SIGTERM handlers on POSIX; on Windows only SIGINT (Ctrl-C).
import { run, sleep, getRunningLoop } from "wasyncio";

function askExit(signame, loop) {
  console.log(`got signal ${signame}: exit`);
  loop.stop();
}

function* main() {
  const loop = getRunningLoop();
  for (const signame of ["SIGINT", "SIGTERM"]) loop.addSignalHandler(signame, askExit, signame, loop);
  console.log(`pid ${process.pid}: send SIGINT or SIGTERM to exit.`);
  yield* sleep(3600_000);
}

console.log("Event loop running for 1 hour, press Ctrl+C to interrupt.");

await run(main());
