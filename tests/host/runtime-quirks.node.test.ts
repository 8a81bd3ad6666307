// Host adapters on the real Bun and Deno binaries (from their npm packages), for what the
// host-neutral contract suite cannot reach: a child's stdin as a pipe on Bun (its child stdin has
// no pause()), and a Deno program without --allow-env (the loop reads WASYNCIO_* at start).
// Needs dist/ (npm test builds it first).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { runtime } from "../../scripts/runtimes.mjs";

const dist = resolve("dist/ts/entry");
const dir = mkdtempSync(join(tmpdir(), "wasyncio-quirks-"));
const script = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("host adapters on Bun and Deno", () => {
  it("Bun: a subprocess with stdin: PIPE gets its input through communicate()", () => {
    const p = script(
      "bun-stdin.mjs",
      `import { run, createSubprocessExec, PIPE } from ${JSON.stringify(join(dist, "bun.js"))};
console.log(await run(function* () {
  const p = yield* createSubprocessExec("/bin/cat", [], { stdin: PIPE, stdout: PIPE });
  const [o] = yield* p.communicate(new TextEncoder().encode("hello through stdin"));
  return new TextDecoder().decode(o) + " / exit " + (yield* p.wait());
}));`,
    );
    const r = spawnSync(runtime("bun"), [p], { encoding: "utf8", timeout: 20_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("hello through stdin / exit 0\n");
  });

  it("Deno: a program run without --allow-env starts (the WASYNCIO_* variables count as unset)", () => {
    const p = script(
      "deno-env.mjs",
      `import { run, sleep } from ${JSON.stringify(join(dist, "deno.js"))};
console.log(await run(function* () { yield* sleep(1); return "ran"; }));`,
    );
    const r = spawnSync(runtime("deno"), ["run", "--allow-read", p], { encoding: "utf8", timeout: 30_000, env: { ...process.env, NO_COLOR: "1" } });
    expect(r.stdout, r.stderr).toBe("ran\n");
  });
});
