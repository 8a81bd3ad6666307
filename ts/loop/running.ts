// running.ts: the running loop of this JS agent (thread or worker). At most one loop runs per
// agent at a time, as asyncio allows one per thread; it is set from the start to the end of
// runForever()/runUntilComplete() and read by getRunningLoop(), currentTask() and every Op.

import { RuntimeError } from "../errors.js";
import type { EventLoop } from "./loop.js";

let running: EventLoop | null = null;

export function _setRunningLoop(loop: EventLoop | null): void {
  running = loop;
}

/** The loop running now, or null (asyncio._get_running_loop). */
export function _getRunningLoopOrNull(): EventLoop | null {
  return running;
}

/**
 * The loop running now; RuntimeError when none runs (asyncio.get_running_loop).
 * @example
 * ```ts
 * await run(function* () {
 *   const loop = getRunningLoop();
 *   console.log(loop.time()); // the loop's clock, in milliseconds
 * });
 * ```
 */
export function getRunningLoop(): EventLoop {
  if (running === null) throw new RuntimeError("no running event loop");
  return running;
}
