// plugin-host.node.test.ts: examples/plugin-host/, run as a user runs it (a child process on the
// built package): six plugins, each in a worker thread on a loop with limits, and the line the
// host prints for each: the well-behaved one finishes, the spawner and the flood are stopped by
// their limits with LimitError, the slow step is reported, the endless one is stopped by the
// host's AbortSignal, and the stuck one (a synchronous infinite loop) is terminated.
import { execFile } from "node:child_process";
import { expect, it } from "vitest";

it("runs every plugin to the outcome its limits give it", async () => {
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ["examples/plugin-host/host.mjs"], { timeout: 15000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
  const lines = new Map(out.trim().split("\n").map((l) => [l.slice(0, l.indexOf(":")), l] as const));
  expect([...lines.keys()].sort()).toEqual(["flood", "forever", "good", "slow", "spawner", "stuck"]);
  expect(lines.get("good")).toMatch(/^good: ok 5050 /);
  expect(lines.get("spawner")).toMatch(/^spawner: LimitError tasks 100:/);
  expect(lines.get("flood")).toMatch(/^flood: LimitError memory 1048576:/);
  // The flood took the core's memory up to the limit, and not past it.
  expect(lines.get("flood")).toMatch(/peak core memory 1048576 bytes/);
  expect(lines.get("slow")).toMatch(/^slow: ok true .*, [1-9]\d* slow steps\)$/);
  expect(lines.get("forever")).toMatch(/^forever: CancelledError: the host's deadline passed/);
  expect(lines.get("stuck")).toMatch(/^stuck: terminated: silent for 1000 ms/);
});
