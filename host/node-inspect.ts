// node-inspect.ts: the channel `npx wasyncio ps PID` talks to (run(main, { inspect: true }) or
// WASYNCIO_INSPECT=1): a Unix socket (a named pipe on Windows) per process, opened only when asked,
// never holding the process open. A client writes one line, `ps` or `pstree`, and reads the
// answer until the server closes the connection. Several loops of one process share the channel;
// each answers for itself, in the order they opened it.
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unlinkSync } from "node:fs";
import type { InspectorFacet } from "./host.js";

/** Where process `pid`'s channel listens. */
export function inspectPath(pid: number): string {
  return process.platform === "win32" ? `\\\\.\\pipe\\wasyncio-${pid}` : join(tmpdir(), `wasyncio-${pid}.sock`);
}

const answers = new Set<(cmd: string) => string>();
let server: Server | null = null;

function removeStale(path: string): void {
  if (process.platform === "win32") return;
  try {
    unlinkSync(path);
  } catch {
    /* nothing there */
  }
}

function open(): void {
  const path = inspectPath(process.pid);
  removeStale(path);
  server = createServer((sock) => {
    let line = "";
    sock.setEncoding("utf8");
    sock.on("error", () => sock.destroy());
    sock.on("data", (chunk: string) => {
      line += chunk;
      const nl = line.indexOf("\n");
      if (nl < 0) {
        if (line.length > 256) sock.destroy();
        return;
      }
      const cmd = line.slice(0, nl).trim();
      let out: string;
      try {
        out = [...answers].map((a) => a(cmd)).join("\n\n");
      } catch (e) {
        out = `error: ${(e as Error)?.message ?? e}`;
      }
      sock.end(out.endsWith("\n") ? out : out + "\n");
    });
  });
  server.on("error", () => {
    /* a channel that cannot listen (a read-only tmpdir) leaves the program alone */
  });
  server.listen(path);
  server.unref();
}

export const nodeInspector: InspectorFacet = {
  kind: "inspector",
  listen(answer) {
    answers.add(answer);
    if (server === null) open();
    return () => {
      if (!answers.delete(answer) || answers.size > 0 || server === null) return;
      server.close();
      server = null;
      removeStale(inspectPath(process.pid));
    };
  },
};
