// portable.ts: the portable (JavaScript) builds of the core for the tests, made by
// scripts/build-portable.mjs from the very core.wasm bytes the Wasm tests use (gen/core-wasm.ts),
// and cached in the OS temp folder by their hash, so a run translates each build once.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { coreBytes } from "../../host/load.js";
import type { CoreExports } from "../../gen/core-abi.js";
import { InternalError } from "../../ts/errors.js";
// @ts-expect-error: a plain .mjs script without types
import { portableSource } from "../../scripts/build-portable.mjs";

type Instantiate = (imports?: object) => CoreExports;

/** The translated module of each build, as loaded by this process. */
export const portableFiles: Record<"release" | "debug", string> = { release: "", debug: "" };

async function load(kind: "release" | "debug"): Promise<Instantiate> {
  const bytes = coreBytes(kind);
  // Keyed by the core's bytes and by the translating script, so neither can be stale.
  const script = readFileSync(fileURLToPath(new URL("../../scripts/build-portable.mjs", import.meta.url)));
  const hash = createHash("sha256").update(bytes).update(script).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), "wasyncio-portable");
  const file = join(dir, `core-${kind}-${hash}.mjs`);
  mkdirSync(dir, { recursive: true });
  // One test worker translates; the others wait for its file (wasm2js takes seconds). A lock left
  // by a killed worker is ignored after a minute.
  const lock = `${file}.lock`;
  for (let waited = 0; !existsSync(file); waited += 100) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      if (waited < 60_000) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
    }
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, portableSource(bytes));
      renameSync(tmp, file); // atomic: no worker reads half a file
    } finally {
      if (mine) rmSync(lock, { recursive: true, force: true });
    }
  }
  portableFiles[kind] = file;
  return (await import(pathToFileURL(file).href)).instantiate as Instantiate;
}

const release = await load("release");
const debug = await load("debug");

function readAsString(mem: { buffer: ArrayBuffer }, ptr: number): string {
  if (!ptr) return "";
  const len = new Uint32Array(mem.buffer)[(ptr - 4) >>> 2] >>> 1;
  return String.fromCharCode(...new Uint16Array(mem.buffer, ptr, len));
}

export const portableRelease = (): CoreExports => release();

/** The debug build, with host/load.ts's abort: a trap becomes an InternalError naming file:line. */
export function portableDebug(): CoreExports {
  let core: CoreExports | null = null;
  core = debug({
    env: {
      abort(msg: number, file: number, line: number, col: number) {
        const mem = core!.memory;
        throw new InternalError(`core.wasm trapped: ${readAsString(mem, msg)} at ${readAsString(mem, file)}:${line}:${col}`);
      },
    },
  });
  return core;
}
