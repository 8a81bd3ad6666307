// test-wasi.mjs (`npm run test:wasi`): wasyncio on WASI preview2, on two real runtimes.
//  1. builds the package (core, dist/; skipped with WASYNCIO_WASI_BUILT=1, as scripts/test.mjs
//     sets after its own build), the core component (core.component.wasm) and the guest
//     components (examples/wasi/guest.mjs; tests/wasi/contract-guest.mjs) with
//     scripts/build-component.mjs;
//  2. installs the `wasmtime` Python package (49.0.0, from the machine's local wheels, into
//     .wasi/py, ignored by git) when it is not there;
//  3. runs the guest on jco (`jco run`, preview2-shim on Node) and on Wasmtime (tests/wasi/
//     run_guest.py), with a loopback TCP echo server of this process; checks both outputs;
//  4. drives core.component.wasm from Python through its WIT (tests/wasi/drive_core.py) and
//     compares the order with wasyncio's façade running the same programs
//     (tests/wasi/facade-order.mjs);
//  5. runs the contract suite's host-neutral checks inside a guest on jco and on Wasmtime.
// Prints a line per check, `wasi: N passed, N failed`, writes .contract-wasi.json in the shape
// scripts/summary.mjs reads, and ends with its own plain `N passed, N failed` line.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PY = process.env.PYTHON ?? "python3";
const pyEnv = { ...process.env, PYTHONPATH: join(root, ".wasi", "py") };
const jcoBin = join(root, "node_modules", "@bytecodealliance", "jco", "dist", "jco.js");
const results = [];
const t0 = performance.now();

function record(name, fn) {
  const start = performance.now();
  return Promise.resolve()
    .then(fn)
    .then(
      () => results.push({ title: name, fullName: name, status: "passed", duration: performance.now() - start, failureMessages: [] }),
      (e) => results.push({ title: name, fullName: name, status: "failed", duration: performance.now() - start, failureMessages: [String(e?.stack ?? e)] }),
    )
    .then(() => {
      const r = results.at(-1);
      console.log(`  ${r.status === "passed" ? "✓" : "✗"} ${name}${r.status === "failed" ? `\n    ${r.failureMessages[0].split("\n").slice(0, 6).join("\n    ")}` : ""}`);
    });
}

function skip(name, reason) {
  results.push({ title: name, fullName: name, status: "skipped", duration: 0, failureMessages: [reason] });
  console.log(`  - ${name} (skipped: ${reason})`);
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

function equal(got, want, what) {
  const a = JSON.stringify(got);
  const b = JSON.stringify(want);
  if (a !== b) throw new Error(`${what}:\n  got  ${a}\n  want ${b}`);
}

/** Runs a command to its end; resolves { code, stdout, stderr, ms }. */
function exec(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd: root, env: opts.env ?? process.env, stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr, ms: performance.now() - start });
    });
  });
}

function finish() {
  const passed = results.filter((r) => r.status === "passed").length;
  const skipped = results.filter((r) => r.status === "skipped").length;
  const failed = results.length - passed - skipped;
  writeFileSync(
    join(root, ".contract-wasi.json"),
    JSON.stringify({ numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, testResults: [{ name: "scripts/test-wasi.mjs", status: failed ? "failed" : "passed", assertionResults: results }] }, null, 1),
  );
  const sk = skipped ? `, ${skipped} skipped` : "";
  console.log(`wasi: ${passed} passed, ${failed} failed${sk} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`${passed} passed, ${failed} failed${sk}`);
  process.exit(failed ? 1 : 0);
}

// ---- 1-2. build and install ---------------------------------------------------------------------

if (!process.env.WASYNCIO_WASI_BUILT) {
  const step = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: "inherit" }).status;
  if (step("node", ["scripts/build-core.mjs"]) !== 0 || step("node", ["scripts/compile.mjs"]) !== 0) {
    results.push({ title: "build", fullName: "build", status: "failed", failureMessages: ["npm run build failed"] });
    finish();
  }
}

const { buildCoreComponent, buildGuest, componentWitSource, componentFunctions } = await import("./build-component.mjs");

let wasmtimeReady = false;
await record("the wasmtime Python package (49.0.0, local wheels) is installed in .wasi/py", async () => {
  if (!existsSync(join(root, ".wasi", "py", "wasmtime"))) {
    const r = await exec(PY, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target", join(root, ".wasi", "py"), "wasmtime==49.0.0"]);
    check(r.code === 0, `pip install wasmtime==49.0.0 failed:\n${r.stderr}`);
  }
  const v = await exec(PY, ["-c", "import wasmtime.component, importlib.metadata as m; print(m.version('wasmtime'))"], { env: pyEnv });
  equal(v.stdout.trim(), "49.0.0", "wasmtime version");
  wasmtimeReady = true;
});

const sizes = {};
await record("core.component.wasm builds from assembly/component.ts (jco embed + new)", async () => {
  const t = performance.now();
  const r = await buildCoreComponent();
  sizes.core = r.bytes;
  console.log(`    core.component.wasm: ${r.bytes} bytes, ${Math.round(performance.now() - t)} ms`);
});

const guestPath = join(root, "build", "guest.component.wasm");
await record("the guest example componentizes from the package (esbuild + componentize-js)", async () => {
  const t = performance.now();
  const r = await buildGuest(join(root, "examples", "wasi", "guest.mjs"), guestPath);
  sizes.guest = r.bytes;
  console.log(`    guest.component.wasm: ${r.bytes} bytes, ${Math.round(performance.now() - t)} ms`);
});

// ---- the WIT ------------------------------------------------------------------------------------

await record("wit/component/core.wit is up to date with wit/*.wit (npm run build:component)", () => {
  equal(readFileSync(join(root, "wit", "component", "core.wit"), "utf8"), componentWitSource(), "wit/component/core.wit");
});

await record("the component's WIT functions are the façade's CoreExports less the memory addresses", async () => {
  const { CORE_FUNCTIONS } = await import(join(root, "dist", "gen", "core-abi.js"));
  const camel = (k) => k.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
  const fromWit = componentFunctions().map(([, f]) => camel(f)).sort();
  const pointers = CORE_FUNCTIONS.filter((f) => /Ptr$/.test(f));
  equal(pointers.sort(), ["batchPtr", "readyCountPtr"], "the core's pointer exports");
  equal(fromWit, CORE_FUNCTIONS.filter((f) => !pointers.includes(f)).sort(), "component functions");
  // …and the built component says the same: its world exports the interfaces of the world in
  // wit/world.wit and nothing else (no memory), and its instances export every function.
  const { componentWit, print } = await import("@bytecodealliance/jco");
  const bytes = readFileSync(join(root, "build", "core.component.wasm"));
  const world = [...(await componentWit(bytes)).matchAll(/^\s*(export|import) ([^;]+);/gm)].map((m) => `${m[1]} ${m[2]}`);
  const ifaces = [...readFileSync(join(root, "wit", "world.wit"), "utf8").matchAll(/^\s*export ([a-z-]+);/gm)].map((m) => `export wasyncio:core/${m[1]}@0.1.0`);
  equal(world, ifaces, "the component's world");
  const wat = await print(bytes);
  for (const [i, f] of componentFunctions()) check(wat.includes(`"${f}" (func`), `core.component.wasm exports no ${i}.${f}`);
  check(/\(export \(;\d+;\) "collect" \(func \d+\) \(func \(type (\d+)\)\)\)/.test(wat), "collect is not exported");
});

// ---- 3. the guest on jco and on Wasmtime ---------------------------------------------------------

const echo = createServer((s) => {
  s.on("error", () => {});
  s.pipe(s);
});
await new Promise((r) => echo.listen(0, "127.0.0.1", r));
const STDIN = "a line for the guest\n";
const stdinFile = join(root, "build", "guest-stdin.txt");
writeFileSync(stdinFile, STDIN);
const env = { ...process.env, ECHO_PORT: String(echo.address().port), WASI_PASS_ENV: "ECHO_PORT", WASI_STDIN_FILE: stdinFile };

const EXPECTED = [
  "host: wasi, WebAssembly absent (portable core)",
  "tasks: sum 6, finished c,b,a",
  "taskgroup: ExceptionGroup [boom] ok, sleeper cancelled",
  "timeout: TimeoutError after 10 ms",
  "timeout: in time",
  "queue: 9 jobs by 3 workers: w1:0 w2:1 w3:2 w1:3 w2:4 w3:5 w1:6 w2:7 w3:8",
  "tcp: echo hello wasi sockets",
  "server: served ping",
  'stdio: read "a line for the guest" from stdin',
  "process: NotSupportedError (host wasi, facet process): subprocessExec() needs the 'process' facet, which the 'wasi' host does not have",
  "idle waits: blocked in poll()",
];
const lines = (s) => s.split("\n").filter((l) => l.trim() !== "");

let jcoOut = null;
await record("the guest runs on jco (jco run, preview2-shim on Node): tasks, TaskGroup, timeouts, Queue, TCP client and server, stdio", async () => {
  const r = await exec(process.execPath, [jcoBin, "run", guestPath], { env, input: STDIN });
  check(r.code === 0, `jco run exited ${r.code}:\n${r.stderr}`);
  jcoOut = lines(r.stdout);
  equal(jcoOut, EXPECTED, "the guest's output on jco");
  console.log(`    jco run: ${Math.round(r.ms)} ms (process start to exit)`);
});

await record("the guest runs on Wasmtime (wasmtime-py add_wasip2) with the same output; TCP where granted, else the clear error", async () => {
  check(wasmtimeReady, "wasmtime is not installed");
  const r = await exec(PY, [join(root, "tests", "wasi", "run_guest.py"), guestPath], { env: { ...env, ...pyEnv } });
  check(r.code === 0, `run_guest.py exited ${r.code}:\n${r.stderr}`);
  const out = lines(r.stdout);
  const net = (l) => l.startsWith("tcp: ") || l.startsWith("server: ");
  const denied = [
    /^tcp: EACCES: connect to 127\.0\.0\.1:\d+ failed on the wasi host \(wasi:sockets error access-denied\)$/,
    /^server: EACCES: listen on 127\.0\.0\.1:0 failed on the wasi host \(wasi:sockets error access-denied\)$/,
  ];
  const netLines = out.filter(net);
  if (netLines.length === 2 && netLines.every((l, i) => denied[i].test(l))) {
    console.log("    Wasmtime (wasmtime-py 49): no network for the guest (connect and listen: wasi:sockets access-denied, as EACCES naming the host): the rest is compared");
    equal(out.filter((l) => !net(l)), EXPECTED.filter((l) => !net(l)), "the guest's output on Wasmtime, TCP aside");
  } else equal(out, EXPECTED, "the guest's output on Wasmtime");
  if (jcoOut) equal(out.filter((l) => !net(l)), jcoOut.filter((l) => !net(l)), "Wasmtime vs jco");
  console.log(`    Wasmtime: ${Math.round(r.ms)} ms (Python start, compile, run)`);
});
echo.close();

// ---- 4. Python drives the core component ----------------------------------------------------------

await record("Python drives core.component.wasm through its WIT in the order wasyncio's façade runs the same programs", async () => {
  check(wasmtimeReady, "wasmtime is not installed");
  const py = await exec(PY, [join(root, "tests", "wasi", "drive_core.py"), join(root, "build", "core.component.wasm"), join(root, "wit", "component", "core.wit")], { env: pyEnv });
  check(py.code === 0, `drive_core.py exited ${py.code}:\n${py.stderr}`);
  const js = await exec(process.execPath, [join(root, "tests", "wasi", "facade-order.mjs")]);
  check(js.code === 0, `facade-order.mjs exited ${js.code}:\n${js.stderr}`);
  const a = JSON.parse(py.stdout);
  const b = JSON.parse(js.stdout);
  equal(Object.keys(a), ["timers", "batch", "lock", "queue"], "scenarios");
  for (const k of Object.keys(a)) {
    check(a[k].length >= 4, `${k}: only ${a[k].length} events`);
    equal(a[k], b[k], `${k}: Python on the component vs the façade`);
  }
  // asyncio's rules, stated: equal deadlines FIFO and the cancelled timer gone; what a batch
  // schedules waits for the next; the cancelled waiter skipped; a full queue parks the putter.
  equal(a.timers, ["E@0", "B@5", "D@5", "A@10"], "timers");
  equal(a.batch, ["X", "Z", "Y", "W"], "batch");
  equal(a.lock, ["T1 acquired@0", "T3 cancelled@2", "T2 acquired@5", "T4 acquired@6"], "lock");
  equal(a.queue, ["put a@0", "got a@1", "put b@1", "got b@1", "put c@1", "got c@1"], "queue");
});

// ---- 5. the contract suite inside a guest ------------------------------------------------------------

const contract = join(root, "tests", "wasi", "contract.mjs");
if (existsSync(contract)) {
  const { runContractGuest } = await import(contract);
  await runContractGuest({ record, skip, check, exec, jcoBin, pyEnv, PY });
}

finish();
