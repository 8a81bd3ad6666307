// clock.ts: clocks that any host can use. This module is host-neutral.

import type { Clock } from "./host.js";

/** performance.now(), in ms. Its resolution on Node is sub-microsecond; browsers coarsen it
 *  (5 µs to 100 µs, more under cross-origin isolation rules), so hosts pass their own figure.
 * @example
 * ```ts
 * const loop = newEventLoop({ clock: new PerformanceClock() });
 * console.log(loop.time());
 * loop.close();
 * ```
 */
export class PerformanceClock implements Clock {
  constructor(readonly resolution = 0.001) {}
  now(): number {
    return performance.now();
  }
}

/**
 * A clock that moves only when told to (Trio's MockClock, CPython's TestLoop).
 * With `autojump`, a loop on this clock jumps time to the next timer whenever nothing is
 * ready, so a test of an hour of timeouts runs in microseconds, deterministically.
 * @example
 * ```ts
 * const clock = new VirtualClock({ autojump: true });
 * await run(function* () {
 *   yield* sleep(3_600_000); // an hour, in no time: the clock jumps to the next timer
 *   console.log(getRunningLoop().time()); // 3600000
 * }, { clock });
 * ```
 */
export class VirtualClock implements Clock {
  /** 1 ns, like CPython's monotonic clock: a timer due exactly now counts as due. */
  readonly resolution = 1e-6;
  readonly autojump: boolean;
  private t: number;
  /** The loop that uses this clock: told after time moves (Clock.watch). */
  private listener: (() => void) | null = null;

  constructor(opts: { autojump?: boolean; start?: number } = {}) {
    for (const k of Object.keys(opts)) if (k !== "autojump" && k !== "start") throw new TypeError(`VirtualClock() got an unknown option ${JSON.stringify(k)} (it takes "autojump", "start")`);
    this.autojump = opts.autojump ?? false;
    this.t = opts.start ?? 0;
  }

  now(): number {
    return this.t;
  }

  /** Moves time forward by `ms` (>= 0) and wakes the loop. */
  advance(ms: number): void {
    if (typeof ms !== "number" || !(ms >= 0)) throw new RangeError(`Cannot advance a VirtualClock by a negative or NaN amount: received ${ms}`);
    this.t += ms;
    this.listener?.();
  }

  watch(listener: (() => void) | null): void {
    this.listener = listener;
  }

  /** Jumps to `t` if it is later than now (the loop calls it when `autojump` is on). */
  jumpTo(t: number): void {
    if (t > this.t) this.t = t;
  }
}

/**
 * The one pending wake-up a host arms for its loop, on the standard setTimeout. Its delay is
 * rounded up to whole milliseconds: setTimeout may fire up to ~1 ms early in loop terms, and the
 * loop re-checks the clock and re-arms when it woke before the deadline. Arming again replaces
 * the pending wake-up. This module is host-neutral.
 */
export class TimeoutWakeup {
  private timer: ReturnType<typeof setTimeout> | null = null;
  constructor(private readonly clock: Clock) {}

  arm(atMs: number, wake: () => void): void {
    if (this.timer !== null) clearTimeout(this.timer);
    const delay = Math.max(0, Math.ceil(atMs - this.clock.now()));
    this.timer = setTimeout(() => {
      this.timer = null;
      wake();
    }, Math.min(delay, 0x7fffffff));
  }

  cancel(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
