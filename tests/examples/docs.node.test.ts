// docs.node.test.ts: what the docs promise a newcomer, checked as the newcomer would meet it:
// the README's first example runs as an .mjs file; the docs the README links to are in the npm
// package; an Op prints what it is; toThread() finds a module named by a URL from any working
// directory, and a relative path string from the working directory (as docs/API.md says); the
// committed package-lock.json is the one npm writes (an install on a fresh clone changes nothing).
// Needs dist/ (npm test builds it first).
import { it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { run, sleep, Lock, Queue, op } from "../../ts/entry/node.js";

const node = (args: string[], opts: { cwd?: string; input?: string } = {}) =>
  spawnSync(process.execPath, args, { encoding: "utf8", timeout: 15000, ...opts });

it("the README's first example runs as an ES module and prints what its comment says", () => {
  const readme = readFileSync("README.md", "utf8");
  const first = /```(\w*)\n([^]*?)```/.exec(readme)!;
  expect(first[1]).toBe("js");
  expect(first[2]).toMatch(/from "wasyncio"/);
  // Fed on stdin from the repository's root, "wasyncio" resolves to this package (its exports map).
  const r = node(["--input-type=module"], { input: first[2] });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("[ 1, 4, 9 ]\n");
});

it("the npm package holds the docs the README and docs/API.md link to", () => {
  const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8", timeout: 60000 });
  expect(r.status, r.stderr).toBe(0);
  const files = new Set<string>(JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path));
  const linked = new Set<string>();
  for (const [doc, dir] of [["README.md", ""], ["docs/API.md", "docs/"], ["docs/porting.md", "docs/"]]) {
    for (const m of readFileSync(doc, "utf8").matchAll(/\]\(([^)#:]+\.md)(#[^)]*)?\)/g)) linked.add(resolve(dir, m[1]).slice(process.cwd().length + 1));
  }
  for (const f of linked) if (!f.startsWith("docs/")) linked.delete(f); // bench/, tests/: for contributors, in the repository
  expect([...linked].sort()).toEqual(expect.arrayContaining(["docs/API.md", "docs/porting.md"]));
  for (const f of linked) expect(files.has(f), `${f} is linked but not packed`).toBe(true);
  expect([...files].some((f) => f.startsWith("docs/site/")), "the generated reference is not packed").toBe(false);
});

it("an Op prints as <Op name state>, not [object Op]", async () => {
  expect(String(sleep(1000))).toBe("<Op sleep 1000ms pending>");
  expect(String(new Queue().get())).toBe("<Op get pending>");
  expect(`${op(function* handshake() {})}`).toBe("<Op handshake pending>");
  expect(Object.prototype.toString.call(new Lock().acquire())).toBe("[object Op]");
  const seen = await run(function* () {
    const s = sleep(1);
    const before = String(s);
    yield* s;
    return [before, String(s)];
  });
  expect(seen).toEqual(["<Op sleep 1ms pending>", "<Op sleep 1ms done>"]);
});

it("toThread(new URL(..., import.meta.url)) finds its module from any working directory; a relative string is resolved against the working directory", () => {
  const example = resolve("examples/asyncio-docs/to-thread.mjs");
  const r = spawnSync(process.execPath, [example], { cwd: tmpdir(), encoding: "utf8", timeout: 15000, env: { ...process.env, ASYNCIO_DOCS_SCALE: "0.01" } });
  expect(r.stderr).toBe("");
  expect(r.stdout).toMatch(/blocking_io complete at .*\nfinished main at/);
  const fixture = resolve("tests/examples/fixtures/relative-to-thread.mjs");
  const here = node([fixture], { cwd: "examples/asyncio-docs" });
  expect(here.stderr).toBe("");
  expect(here.stdout).toBe("333332833333500000\n");
  const elsewhere = node([fixture], { cwd: "examples" });
  expect(elsewhere.status).not.toBe(0);
  expect(elsewhere.stderr).toMatch(/workers\.mjs/);
});

it("package-lock.json is as npm writes it: npm install leaves it unchanged", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasyncio-lock-"));
  try {
    for (const f of ["package.json", "package-lock.json"]) copyFileSync(f, join(dir, f));
    // --package-lock-only: npm settles the lock from package.json and the lock itself (it puts
    // back, e.g., a missing `bin` entry) without installing anything. --prefer-offline, not
    // --offline: settling the peer ranges needs some packages' registry metadata, which `npm ci`
    // does not put in the cache, so a fresh machine's cold cache fetches it (as `npm ci` fetched
    // the tarballs).
    const r = spawnSync("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir, encoding: "utf8", timeout: 60000 });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "package-lock.json"), "utf8")).toBe(readFileSync("package-lock.json", "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
