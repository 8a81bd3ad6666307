// resources.ts: what loop.close() must release: every live transport, server, endpoint and
// process of the loop. The set is the loop's own state (`loop._resources`), made at the first
// resource.

import type { EventLoop } from "../loop/loop.js";

/** A transport, server, endpoint or process that closes with its loop. */
export interface LoopResource {
  _releaseForLoopClose(): void;
}

/** @internal registers `r` to be released when `loop` closes */
export function _track(loop: EventLoop, r: LoopResource): void {
  (loop._resources ??= new Set()).add(r);
}

/** @internal */
export function _untrack(loop: EventLoop, r: LoopResource): void {
  loop._resources?.delete(r);
}

/** @internal for tests: how many resources of `loop` are still open */
export function _liveResources(loop: EventLoop): number {
  return loop._resources?.size ?? 0;
}

/** loop.close(): releases every resource still open (best effort: one failing does not stop the rest). */
export function releaseAll(loop: EventLoop): void {
  const set = loop._resources;
  if (set === null) return;
  loop._resources = null;
  for (const r of set) {
    try {
      r._releaseForLoopClose();
    } catch {
      /* best effort */
    }
  }
}
