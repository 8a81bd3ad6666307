// exit.test.ts: no leaked handle keeps the process alive: a script that leaves a server, a
// connection, a UDP endpoint, a child process, a worker and a signal handler open exits by
// itself once run() returns (tests/io/fixtures/exit-clean.ts).

import { expect, it } from "vitest";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

it("run() releases every I/O handle: the process exits on its own", async () => {
  const script = fileURLToPath(new URL("../fixtures/exit-clean.ts", import.meta.url));
  const t0 = Date.now();
  const res = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", script], { timeout: 15_000, killSignal: "SIGKILL" }, (e, out, err) =>
      resolve({ code: e ? ((e as any).code ?? null) : 0, out, err }),
    );
  });
  expect(res.err).toBe("");
  expect(res.out.trim()).toBe("done");
  expect(res.code).toBe(0);
  expect(Date.now() - t0).toBeLessThan(10_000);
});
