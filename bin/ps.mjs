#!/usr/bin/env node
// `npx wasyncio ps PID` and `npx wasyncio pstree PID`: the live tasks of a running Node process
// whose wasyncio run was started with run(main, { inspect: true }) or WASYNCIO_INSPECT=1, as a
// table (ps) or a tree (pstree), each with what the task awaits (python -m asyncio ps/pstree).
// Also runnable on its own: node bin/ps.mjs ps PID.
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { inspectPath } from "../dist/host/node-inspect.js";

/** Asks process `pid` for `cmd` ("ps" or "pstree"); resolves to the text it answers. */
export function askTasks(cmd, pid, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const sock = connect(inspectPath(pid));
    let out = "";
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`process ${pid} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.setEncoding("utf8");
    sock.on("connect", () => sock.write(`${cmd}\n`));
    sock.on("data", (d) => (out += d));
    sock.on("end", () => {
      clearTimeout(timer);
      resolve(out);
    });
    sock.on("error", (e) => {
      clearTimeout(timer);
      if (e.code === "ENOENT" || e.code === "ECONNREFUSED") {
        reject(new Error(`process ${pid} has no wasyncio inspect channel: start its run with run(main, { inspect: true }) or WASYNCIO_INSPECT=1`));
      } else reject(e);
    });
  });
}

/** The command line: `ps|pstree PID`; returns the exit status. */
export async function main(argv) {
  const [cmd, pidText] = argv;
  const pid = Number(pidText);
  if ((cmd !== "ps" && cmd !== "pstree") || !Number.isInteger(pid) || pid <= 0) {
    console.error("usage: wasyncio ps PID | wasyncio pstree PID");
    return 2;
  }
  try {
    process.stdout.write(await askTasks(cmd, pid));
    return 0;
  } catch (e) {
    console.error(`wasyncio ${cmd}: ${e.message}`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main(process.argv.slice(2));
