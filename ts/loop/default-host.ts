// default-host.ts: the host adapter this build was started with. Each entry point (ts/entry/*.ts)
// sets it from the adapter its export condition picked, before user code runs; a loop given
// `{ host }` uses that one instead.
import type { Host } from "../../host/host.js";
import { RuntimeError } from "../errors.js";

let current: Host | null = null;

export function _setDefaultHost(h: Host): void {
  current = h;
}

export function defaultHost(): Host {
  if (current === null) throw new RuntimeError("No host adapter was loaded: import 'wasyncio' through its package entry, or pass { host }");
  return current;
}
