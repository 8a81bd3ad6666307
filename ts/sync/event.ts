// event.ts: Event (CPython 3.13 Lib/asyncio/locks.py Event), over assembly/event.ts.
// Every decision (grant or park, whom to wake, how a count or state moves) is one core call
// (ts/sync/binding.ts binds the primitive to a loop's core); a waiting task parks on the node the
// core names (ts/sync/park.ts) and tells the core how its wait ended through the *End export, as
// asyncio's waiter does in its `except CancelledError` path. Orderings are CPython's, checked
// against its traces (tests/sync/).

import { Op } from "../tasks/op.js";
import { ParkOp, _parkedAt } from "./park.js";
import { LoopBound, SyncCore, type SyncExports } from "./binding.js";

/**
 * @example
 * ```ts
 * import { run, Event, type EventStatistics } from "wasyncio";
 * await run(function* () {
 *   const s: EventStatistics = new Event().statistics();
 *   console.log(s);
 * });
 * ```
 */
export interface EventStatistics {
  set: boolean;
  waiters: number;
}
// ---- Event ----------------------------------------------------------------------------------------

/**
 * asyncio.Event: a flag that tasks wait for.
 * @example
 * ```ts
 * await run(function* () {
 *   const ready = new Event();
 *   const waiter = createTask(function* () {
 *     yield* ready.wait();
 *     console.log("ready");
 *   });
 *   yield* sleep(10);
 *   ready.set();
 *   yield* waiter;
 * });
 * ```
 */
export class Event extends LoopBound {
  _alloc(sc: SyncCore): number {
    return sc.core.eventNew(0);
  }
  _free(core: SyncExports, id: number): void {
    core.eventFree(id);
  }
  _save(core: SyncExports, id: number): unknown {
    return core.eventIsSet(id);
  }
  _restore(sc: SyncCore, isSet: unknown): number {
    return sc.core.eventNew(isSet as number);
  }

  isSet(): boolean {
    return this._coreNow()!.core.eventIsSet(this._id) === 1;
  }

  /** Sets the flag and wakes every waiter; they resume even if clear() is called before they run. */
  set(): void {
    const s = this._coreNow()!;
    if (s.core.eventSet(this._id) !== 0) s.flush();
  }

  clear(): void {
    this._coreNow()!.core.eventClear(this._id);
  }

  /**
   * Waits until the flag is set; returns true at once if it is set.
   *
   * Cancellation: the task leaves the waiters; nothing else changes (no wake-up is consumed).
   */
  wait(): Op<true> {
    return new ParkOp(this);
  }

  /** @internal 0 when set, else the parked node */
  _try(): number {
    return _parkedAt(this, this._coreRunning().core.eventWait(this._id));
  }

  _hasWaiters(core: SyncExports, id: number): boolean {
    return core.eventWaiters(id) > 0;
  }

  /** @internal */
  _parkEnd(node: number, _failed: boolean): void {
    const s = this._home!;
    s.core.eventWaitEnd(this._id, node);
  }

  statistics(): EventStatistics {
    const s = this._coreNow()!;
    return { set: s.core.eventIsSet(this._id) === 1, waiters: s.core.eventWaiters(this._id) };
  }

  toString(): string {
    const s = this._home;
    if (s === null) return "<Event [unset]>";
    const set = s.core.eventIsSet(this._id) === 1;
    const waiters = s.core.eventWaiters(this._id);
    return `<Event [${set ? "set" : "unset"}${waiters ? `, waiters:${waiters}` : ""}]>`;
  }
}
