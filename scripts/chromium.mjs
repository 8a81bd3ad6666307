// chromium.mjs: which headless Chromium the browser suite runs, and how to start it.
//
// In order: $CHROMIUM_PATH; the Chromium inside the npm package @sparticuz/chromium (a
// devDependency, pinned: its binary ships brotli-compressed in the package and is unpacked here
// on first use, nothing is downloaded); a system Chromium (Debian's `chromium` package), unless
// WASYNCIO_NO_SYSTEM_CHROMIUM=1. When the npm one cannot be used, the reason is printed and the
// system one is tried.
//
// The npm binary is unpacked once per package version into node_modules/.cache/ (into a fresh
// folder, renamed into place when complete, so an interrupted unpack is never used), never into
// /tmp, where the package's own default folder may hold another version's binary. Its shared
// libraries are checked with `ldd`: on Debian 12 it needs only libc, libgcc, libexpat, libnss3
// and libnspr4, all in the base image; where some are missing, the package's own al2023 layer
// (Amazon Linux builds of nss, nspr and expat) is unpacked beside it and put on
// LD_LIBRARY_PATH for the browser only.
//
// `node scripts/chromium.mjs` prints the choice (exit 1 when there is none): .ci/run uses it.

import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, createReadStream } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { createBrotliDecompress } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PKG = "@sparticuz/chromium";

/** The shared libraries `ldd` cannot find for `bin` (with `env`), or null when ldd is not there. */
export function missingLibraries(bin, env = process.env) {
  const r = spawnSync("ldd", [bin], { encoding: "utf8", env });
  if (r.error) return null;
  return r.stdout
    .split("\n")
    .filter((l) => /not found/.test(l))
    .map((l) => l.trim().split(/\s+/)[0]);
}

function untarBrotli(file, dest) {
  mkdirSync(dest, { recursive: true });
  return new Promise((ok, fail) => {
    const tar = spawn("tar", ["-x", "-C", dest], { stdio: ["pipe", "ignore", "inherit"] });
    createReadStream(file).pipe(createBrotliDecompress()).pipe(tar.stdin);
    tar.on("error", fail);
    tar.on("exit", (code) => (code === 0 ? ok() : fail(new Error(`tar exited with ${code} unpacking ${file}`))));
  });
}

/**
 * The npm package's Chromium, unpacked: { path, env } (env: extra variables for the browser),
 * or throws an Error saying why it cannot be used here.
 */
export async function npmChromium() {
  const require = createRequire(join(ROOT, "package.json"));
  let pkgJson;
  try {
    pkgJson = require.resolve(`${PKG}/package.json`);
  } catch {
    // the package's exports map may hide package.json: find its folder from the entry
    let entry;
    try {
      entry = require.resolve(PKG);
    } catch {
      throw new Error(`${PKG} is not installed (npm install)`);
    }
    let d = dirname(entry);
    while (!existsSync(join(d, "package.json")) || JSON.parse(readFileSync(join(d, "package.json"), "utf8")).name !== PKG) {
      const up = dirname(d);
      if (up === d) throw new Error(`${PKG}: its package.json was not found`);
      d = up;
    }
    pkgJson = join(d, "package.json");
  }
  const pkgDir = dirname(pkgJson);
  const { version } = JSON.parse(readFileSync(pkgJson, "utf8"));
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error(`${PKG} ships a Linux x64 binary; this is ${process.platform} ${process.arch}`);
  const dir = join(ROOT, "node_modules", ".cache", "wasyncio-chromium", version);
  const bin = join(dir, "chromium");
  if (!existsSync(bin)) {
    const tmp = `${dir}.partial-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    // The package unpacks into os.tmpdir(), which reads TMPDIR at each call: point it at a
    // folder of our own for the duration of the call.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const mod = await import(pathToFileURL(require.resolve(PKG)).href);
      const chromium = mod.default ?? mod;
      const p = await chromium.executablePath(join(pkgDir, "bin"));
      if (resolve(p) !== join(tmp, "chromium")) throw new Error(`${PKG} unpacked to ${p}, not to ${tmp}`);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  const env = {};
  let missing = missingLibraries(bin);
  if (missing === null) throw new Error("ldd is not available to check the npm Chromium's libraries");
  if (missing.length) {
    const layer = join(dir, "al2023");
    const libs = join(layer, "lib");
    if (!existsSync(join(libs, "libnss3.so"))) {
      rmSync(layer, { recursive: true, force: true });
      await untarBrotli(join(pkgDir, "bin", "al2023.tar.br"), layer);
    }
    env.LD_LIBRARY_PATH = [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":");
    const still = missingLibraries(bin, { ...process.env, ...env });
    if (still.length) throw new Error(`the npm Chromium (${bin}) needs shared libraries this machine lacks, even with the package's al2023 layer: ${still.join(", ")}`);
  }
  // One real start proves the binary runs here (a crash at start says nothing through Playwright).
  const v = spawnSync(bin, ["--version"], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 30_000 });
  if (v.status !== 0) throw new Error(`the npm Chromium (${bin}) does not start: ${(v.stderr || v.stdout || String(v.error ?? v.signal)).trim().split("\n").slice(-3).join(" | ")}`);
  return { path: bin, env, source: `${PKG}@${version}`, version: v.stdout.trim() };
}


function systemChromium() {
  for (const p of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (existsSync(p)) return p;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || null;
  } catch {
    return null;
  }
}

/** { path, env, source }: the Chromium to launch. Throws when there is none. */
export async function chromiumPath({ log = (m) => console.warn(m) } = {}) {
  const forced = process.env.CHROMIUM_PATH;
  if (forced) {
    if (!existsSync(forced)) throw new Error(`CHROMIUM_PATH=${forced} does not exist`);
    return { path: forced, env: {}, source: "CHROMIUM_PATH" };
  }
  let why;
  try {
    return await npmChromium();
  } catch (e) {
    why = e instanceof Error ? e.message : String(e);
  }
  if (process.env.WASYNCIO_NO_SYSTEM_CHROMIUM === "1") throw new Error(`The npm Chromium cannot be used: ${why} (and WASYNCIO_NO_SYSTEM_CHROMIUM=1 rules out a system one)`);
  const sys = systemChromium();
  if (sys === null) throw new Error(`The browser tests need Chromium. The npm one cannot be used: ${why}. Install Debian's \`chromium\` package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  log(`wasyncio: the npm Chromium cannot be used (${why}); using the system one, ${sys}`);
  return { path: sys, env: {}, source: "system" };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const c = await chromiumPath();
    console.log(`${c.source}: ${c.path}${c.env.LD_LIBRARY_PATH ? ` (LD_LIBRARY_PATH=${c.env.LD_LIBRARY_PATH})` : ""}`);
  } catch (e) {
    console.log(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
