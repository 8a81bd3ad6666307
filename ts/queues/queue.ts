// queue.ts: Queue, LifoQueue and PriorityQueue (CPython 3.13 Lib/asyncio/queues.py), the public
// face of assembly/channel.ts. The core holds each queue's buffer of integer handles, its
// getter/putter waiter lists, the unfinished count with join()'s event, and the shutdown flag;
// this file keeps the items in a slot table per queue (handle -> value) and acts on the core's
// answers.
//
// As in asyncio, items are not handed off: put() wakes the first waiting getter, which takes an
// item when it runs, or waits again if a getNowait() took it first (a wake-up is a hint). A
// getter or putter cancelled right after its wake-up passes the wake-up on; no item is lost.
// PriorityQueue orders by a numeric priority per item (API.md): the item itself if it is a
// number, item[0] if it is an array, else the `priority` option's value; ties come out FIFO.
// Cost: putNowait/getNowait are one core call each (O(1); O(log n) for priorities), plus a slot.
// put() and get() that must wait make one call to try or park (qPutOrPark, qGetOrPark) and one
// per wake-up to end the wait and try again (qPutRetry, qGetRetry), as Lock's acquire does; a
// put's item keeps its slot from the first attempt to the last.
// Why the Ops (GetOp, PutOp, JoinOp) stay in this file, over 400 lines: get() and put() construct
// one per call, and constructing a class imported from another module measured 5-7% slower on
// the queue workloads (bench/ab.ts, 7 rounds) than constructing one declared here.

import { CoreWait } from "../sync/park.js";
import { QueueEmpty, QueueFull, QueueShutDown, describe, _checkOptions } from "../errors.js";
import { Op, initOp } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { FastOp, initFastOp } from "../sync/fast-op.js";
import { LoopBound, SyncCore, type SyncExports } from "../sync/binding.js";
import * as ABI from "../../gen/core-abi.js";
import { _queueItemLimitError } from "../loop/limits.js";

// The ABI constants as module-local consts: an imported binding is read through its module
// cell at every use (a contended Lock hand-over measured 27% slower, bench/ab.ts); a local
// const is folded into the code.
const NO_MEMORY = ABI.NO_MEMORY, Q_PARKED = ABI.Q_PARKED, ST_SHUTDOWN = ABI.ST_SHUTDOWN, ST_TOO_MANY = ABI.ST_TOO_MANY, Q_FIFO = ABI.Q_FIFO, Q_LIFO = ABI.Q_LIFO, Q_PRIORITY = ABI.Q_PRIORITY, SIDE_GET = ABI.SIDE_GET, SIDE_PUT = ABI.SIDE_PUT;

/**
 * @example
 * ```ts
 * import { Queue, type QueueStatistics } from "wasyncio";
 * const q = new Queue<number>();
 * q.putNowait(1);
 * const s: QueueStatistics = q.statistics();
 * console.log(s);
 * ```
 */
export interface QueueStatistics {
  qsize: number;
  maxsize: number;
  getters: number;
  putters: number;
  unfinished: number;
  shutdown: boolean;
}

/**
 * @example
 * ```ts
 * import { Queue, type QueueOptions } from "wasyncio";
 * const opts: QueueOptions<number> = { maxsize: 100 };
 * const q = new Queue<number>(opts);
 * ```
 */
export interface QueueOptions<T> {
  maxsize?: number;
  /** PriorityQueue only: the priority of an item (lowest first). */
  priority?: (item: T) => number;
}

function checkMaxsize(m: unknown, cls: string): number {
  if (typeof m !== "number") throw new TypeError(`Cannot create a ${cls} as 'maxsize' must be a number: received ${describe(m)}`);
  if (Number.isNaN(m)) throw new RangeError(`Cannot create a ${cls} as 'maxsize' must not be NaN: received NaN`);
  return m;
}

/**
 * A FIFO queue for producer and consumer tasks (asyncio.Queue). `maxsize <= 0` (the default) is
 * unbounded; a fractional maxsize works as asyncio's does (`full()` is `qsize() >= maxsize`).
 *
 * @example Producer and consumer
 * ```ts
 * const q = new Queue<number>(10);
 * createTask(function* () { for (let i = 0; i < 3; i++) yield* q.put(i); });
 * const first = yield* q.get();
 * ```
 */
/** A queue's state as it moves between cores (binding.ts). */
interface SavedQueue {
  hs: number[];
  ps: number[];
  unfinished: number;
  shut: number;
}

/**
 * @example
 * ```ts
 * function* worker(q: Queue<number>) {
 *   while (true) {
 *     const ms = yield* q.get();
 *     yield* sleep(ms);
 *     q.taskDone();
 *   }
 * }
 * await run(function* () {
 *   const q = new Queue<number>({ maxsize: 10 }); // or new Queue(10)
 *   for (const ms of [5, 10, 15]) q.putNowait(ms);
 *   const workers = [1, 2].map(() => createTask(worker(q)));
 *   yield* q.join(); // every item taken and marked done
 *   for (const w of workers) w.cancel();
 * });
 * ```
 */
export class Queue<T = unknown> extends LoopBound {
  /** @internal */ _maxsize: number;
  /** @internal */ _kind: number = Q_FIFO;
  /** @internal handle -> item, for the items in the queue */
  _slots: (T | undefined)[] = [];
  /** @internal free handles */
  _freeSlots: number[] = [];
  /** @internal */ _priority: ((item: T) => number) | null = null;

  /**
   * @param maxsize the capacity, or an options object `{ maxsize, priority }`
   * @throws TypeError if maxsize is not a number; RangeError if it is NaN
   */
  constructor(maxsize: number | QueueOptions<T> = 0) {
    super();
    const name = new.target?.name ?? "Queue";
    if (maxsize !== null && typeof maxsize === "object") {
      const o = maxsize as QueueOptions<T>;
      _checkOptions(o, ["maxsize", "priority"], `${name}()`);
      this._maxsize = o.maxsize === undefined ? 0 : checkMaxsize(o.maxsize, name);
      if (o.priority !== undefined) {
        if (typeof o.priority !== "function") throw new TypeError(`Cannot create a ${name} as 'priority' must be a function: received ${describe(o.priority)}`);
        this._priority = o.priority;
      }
    } else this._maxsize = checkMaxsize(maxsize, name);
  }

  _hasWaiters(core: SyncExports, id: number): boolean {
    return core.qGetters(id) + core.qPutters(id) + core.qJoiners(id) > 0;
  }

  _alloc(sc: SyncCore): number {
    return sc.core.qNew(this._kind, this._maxsize);
  }
  _free(core: SyncExports, id: number): void {
    core.qFree(id);
  }
  /** @internal items move in their order (priorities kept, so ties stay FIFO), with the
   *  unfinished count and the shutdown flag */
  _save(f: SyncExports, id: number): unknown {
    const hs: number[] = [];
    const ps: number[] = [];
    for (;;) {
      const p = f.qPeekPriority(id);
      const h = f.qGet(id);
      if (h < 0) break;
      hs.push(h);
      ps.push(p);
    }
    if (this._kind === Q_LIFO) {
      hs.reverse();
      ps.reverse();
    }
    return { hs, ps, unfinished: f.qUnfinished(id), shut: f.qIsShutdown(id) } satisfies SavedQueue;
  }
  _restore(sc: SyncCore, saved: unknown): number {
    const nid = sc.core.qNew(this._kind, this._maxsize);
    if (saved === undefined) return nid;
    const { hs, ps, unfinished, shut } = saved as SavedQueue;
    for (let i = 0; i < hs.length; i++) {
      if (sc.core.qPut(nid, hs[i], ps[i]) === NO_MEMORY) {
        // A loop's memory limit: the queue stays where it was (binding.ts _moveTo).
        sc.core.qFree(nid);
        throw _queueItemLimitError(sc.loop);
      }
    }
    sc.core.qAdopt(nid, unfinished, shut);
    return nid;
  }

  /** @internal the priority passed to the core (0 for FIFO and LIFO) */
  _prio(_item: T): number {
    return 0;
  }

  /** @internal */
  _store(item: T): number {
    const h = this._freeSlots.length ? this._freeSlots.pop()! : this._slots.length;
    this._slots[h] = item;
    return h;
  }

  /** @internal */
  _take(h: number): T {
    const v = this._slots[h] as T;
    this._slots[h] = undefined;
    this._freeSlots.push(h);
    return v;
  }

  /** The number of items in the queue. */
  qsize(): number {
    return this._coreNow()!.core.qSize(this._id);
  }

  get maxsize(): number {
    return this._maxsize;
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  /** True when maxsize > 0 and qsize() >= maxsize. */
  full(): boolean {
    return this._coreNow()!.core.qFull(this._id) === 1;
  }

  /**
   * Puts an item without waiting and wakes the first waiting getter.
   * @throws QueueFull if the queue is full; QueueShutDown after shutdown()
   */
  putNowait(item: T): void {
    const s = this._coreNow()!;
    const prio = this._prio(item);
    const h = this._store(item);
    const r = s.core.qPut(this._id, h, prio);
    if (r < 0) {
      this._take(h);
      if (r === NO_MEMORY) throw _queueItemLimitError(s.loop);
      throw r === ST_SHUTDOWN ? new QueueShutDown("Cannot put on a queue that is shut down") : new QueueFull("Cannot put on a full queue");
    }
    s.flush();
  }

  /**
   * Takes an item without waiting and wakes the first waiting putter.
   * @throws QueueEmpty if the queue is empty; QueueShutDown if it is empty and shut down
   */
  getNowait(): T {
    const s = this._coreNow()!;
    const h = s.core.qGet(this._id);
    if (h < 0) throw h === ST_SHUTDOWN ? new QueueShutDown("Cannot get from an empty queue that is shut down") : new QueueEmpty("Cannot get from an empty queue");
    s.flush();
    return this._take(h);
  }

  /**
   * Puts an item, waiting while the queue is full.
   *
   * Cancellation: the item is not put. If the putter was cancelled right after a slot freed up
   * for it, the next waiting putter is woken instead, so the slot is not lost.
   * @throws QueueShutDown after shutdown(), also in a putter that was waiting
   */
  put(item: T): Op<void> {
    return new PutOp(this, item);
  }

  /** @internal put()'s first attempt for `op`: true when the item is in; false when the caller
   *  parked (op._node; the item keeps its slot op._h while it waits) */
  _tryPut(op: PutOp<T>): boolean {
    const s = this._coreRunning();
    const prio = (op._prio = this._prio(op._item));
    const h = (op._h = this._store(op._item));
    const r = s.core.qPutOrPark(this._id, h, prio);
    if (r === 0) {
      s.flush();
      return true;
    }
    if (r < 0) this._putFailed(r, h);
    try {
      this._waitIn();
    } catch (e) {
      s.core.qWaitEnd(this._id, r, SIDE_PUT, 1);
      this._take(h);
      throw e;
    }
    op._node = r;
    return false;
  }

  /** @internal a put refused (shut down, or the loop's memory limit): the item leaves its slot */
  _putFailed(r: number, h: number): never {
    this._take(h);
    if (r === NO_MEMORY) throw _queueItemLimitError(this._home!.loop);
    throw new QueueShutDown("Cannot put on a queue that is shut down");
  }

  /** @internal the rest of a put() that parked on `node` with its item in slot `h` */
  *_putWait(node: number, h: number, prio: number): Coro<void> {
    const s = this._home!;
    const core = s.core;
    const id = this._id;
    for (;;) {
      const w = new CoreWait(node, this);
      try {
        yield w;
      } catch (e) {
        core.qWaitEnd(id, node, SIDE_PUT, 1);
        this._take(h);
        s.flush();
        throw e;
      }
      const r = core.qPutRetry(id, node, h, prio);
      if (r === 0) {
        s.flush();
        return;
      }
      if (r < 0) this._putFailed(r, h);
      node = r;
    }
  }

  /**
   * Takes an item, waiting while the queue is empty.
   *
   * Cancellation: no item is taken. If the getter was cancelled right after being woken for an
   * item, the next waiting getter is woken instead, so the item is not stranded.
   * @throws QueueShutDown once the queue is shut down and empty (at once after an immediate one)
   */
  get(): Op<T> {
    return new GetOp(this);
  }

  /** @internal get()'s first attempt: an item's handle (>= 0), or the node the caller parked
   *  on as ~node (< 0) */
  _tryGet(): number {
    const s = this._coreRunning();
    const r = s.core.qGetOrPark(this._id);
    if (r >= 0) {
      s.flush();
      return r;
    }
    // Q_PARKED | node reads as an i32 below every status (NO_MEMORY is the least).
    if (r >= NO_MEMORY) this._getFailed(r);
    const node = r ^ Q_PARKED;
    try {
      this._waitIn();
    } catch (e) {
      s.core.qWaitEnd(this._id, node, SIDE_GET, 1);
      throw e;
    }
    return ~node;
  }

  /** @internal a get refused: shut down and empty, or the loop's memory limit (for the wait) */
  _getFailed(r: number): never {
    if (r === NO_MEMORY) throw _queueItemLimitError(this._home!.loop);
    throw new QueueShutDown("Cannot get from an empty queue that is shut down");
  }

  /** @internal the rest of a get() that parked on `node` */
  *_getWait(node: number): Coro<T> {
    const s = this._home!;
    const core = s.core;
    const id = this._id;
    for (;;) {
      const w = new CoreWait(node, this);
      try {
        yield w;
      } catch (e) {
        core.qWaitEnd(id, node, SIDE_GET, 1);
        s.flush();
        throw e;
      }
      const r = core.qGetRetry(id, node);
      if (r >= 0) {
        s.flush();
        return this._take(r);
      }
      if (r >= NO_MEMORY) this._getFailed(r);
      node = r ^ Q_PARKED;
    }
  }

  /**
   * Marks one item taken with get() as processed; join() returns once every item put has been.
   * @throws RangeError if called more times than items were put
   */
  taskDone(): void {
    const s = this._coreNow()!;
    if (s.core.qTaskDone(this._id) === ST_TOO_MANY) throw new RangeError("taskDone() called too many times");
    s.flush();
  }

  /**
   * Waits until every item put has been marked done (taskDone()); returns at once if none is
   * unfinished.
   *
   * Cancellation: the task stops waiting; the count is not affected.
   */
  join(): Op<void> {
    return new JoinOp(this);
  }

  /** @internal */
  *_joinWait(node: number): Coro<void> {
    const s = this._home!;
    const w = new CoreWait(node, this);
    try {
      yield w;
    } finally {
      s.core.qJoinEnd(this._id, node);
    }
  }

  /**
   * Shuts the queue down: put() and putNowait() raise QueueShutDown from now on, and so do get()
   * and getNowait() once the queue is empty. With `immediate`, the items left are dropped (and
   * counted done, which may release join()). Every waiting getter and putter is woken to see it.
   */
  shutdown(immediate = false): void {
    const s = this._coreNow()!;
    s.core.qShutdown(this._id, immediate ? 1 : 0);
    if (immediate) {
      this._slots = [];
      this._freeSlots = [];
    }
    s.flush();
  }

  statistics(): QueueStatistics {
    const s = this._coreNow()!;
    const c = s.core;
    const id = this._id;
    return {
      qsize: c.qSize(id), maxsize: this._maxsize, getters: c.qGetters(id), putters: c.qPutters(id),
      unfinished: c.qUnfinished(id), shutdown: c.qIsShutdown(id) === 1,
    };
  }

  toString(): string {
    const s = this._home;
    const name = this.constructor.name;
    if (s === null) return `<${name} maxsize=${this._maxsize}>`;
    const c = s.core;
    const id = this._id;
    let r = `<${name} maxsize=${this._maxsize}`;
    if (c.qSize(id)) r += ` qsize=${c.qSize(id)}`;
    if (c.qGetters(id)) r += ` getters[${c.qGetters(id)}]`;
    if (c.qPutters(id)) r += ` putters[${c.qPutters(id)}]`;
    if (c.qUnfinished(id)) r += ` tasks=${c.qUnfinished(id)}`;
    if (c.qIsShutdown(id)) r += " shutdown";
    return r + ">";
  }
}

/**
 * A LIFO queue: the most recently put item comes out first.
 * @example
 * ```ts
 * await run(function* () {
 *   const q = new LifoQueue<string>();
 *   q.putNowait("a");
 *   q.putNowait("b");
 *   console.log(yield* q.get()); // b
 * });
 * ```
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  constructor(maxsize: number | QueueOptions<T> = 0) {
    super(maxsize);
    this._kind = Q_LIFO;
  }
}

/**
 * A priority queue: the lowest priority comes out first, equal priorities in FIFO order.
 * An item's priority is the item if it is a number, item[0] if it is an array (of which the
 * first element is a number), else the `priority` option's result.
 * @example
 * ```ts
 * await run(function* () {
 *   const q = new PriorityQueue<[number, string]>();
 *   q.putNowait([2, "later"]);
 *   q.putNowait([1, "first"]);
 *   console.log((yield* q.get())[1]); // first
 *   const byLength = new PriorityQueue<string>({ priority: (s) => s.length });
 *   byLength.putNowait("three");
 *   byLength.putNowait("one");
 *   console.log(yield* byLength.get()); // one
 * });
 * ```
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  constructor(maxsize: number | QueueOptions<T> = 0) {
    super(maxsize);
    this._kind = Q_PRIORITY;
  }

  /** @internal @throws TypeError without a numeric priority; RangeError for NaN */
  _prio(item: T): number {
    let p: unknown;
    const f = this._priority;
    if (f !== null) p = f(item);
    else if (typeof item === "number") p = item;
    else if (Array.isArray(item)) p = item[0];
    else throw new TypeError(`A PriorityQueue item must be a number or an array whose first element is a number, or the queue needs a 'priority' option: received ${describe(item)}`);
    if (typeof p !== "number") throw new TypeError(`An item's priority must be a number: received ${describe(p)}`);
    if (Number.isNaN(p)) throw new RangeError("An item's priority must not be NaN");
    return p;
  }
}

// ---- the Ops: complete at once when they can (FastOp) --------------------------------------------

// GetOp and PutOp are built flat (one constructor, no `extends`; their prototype chain is set
// below), as ParkOp is and for the same reason (ts/sync/park.ts): a Queue(100) hand-over makes
// two of them per item.

interface GetOp<T> extends FastOp<T> {}
class GetOp<T> {
  /** @internal */ declare _q: Queue<T>;
  /** @internal the node a _try() that did not complete parked on */
  declare _node: number;
  constructor(q: Queue<T>) {
    initOp(this, null);
    initFastOp(this);
    this._q = q;
    this._node = 0;
  }
  _try(): boolean {
    const h = this._q._tryGet();
    if (h < 0) {
      this._node = ~h;
      return false;
    }
    this._r = this._q._take(h);
    return true;
  }
  _slow(): Coro<T> {
    return this._q._getWait(this._node);
  }
}
Object.setPrototypeOf(GetOp.prototype, FastOp.prototype);

interface PutOp<T> extends FastOp<void> {}
class PutOp<T> {
  /** @internal */ declare _q: Queue<T>;
  /** @internal */ declare _item: T;
  /** @internal while parked: the node, the item's slot and its priority */
  declare _node: number;
  declare _h: number;
  declare _prio: number;
  constructor(q: Queue<T>, item: T) {
    initOp(this, null);
    initFastOp(this);
    this._q = q;
    this._item = item;
    this._node = 0;
    this._h = 0;
    this._prio = 0;
  }
  _try(): boolean {
    return this._q._tryPut(this);
  }
  _slow(): Coro<void> {
    return this._q._putWait(this._node, this._h, this._prio);
  }
}
Object.setPrototypeOf(PutOp.prototype, FastOp.prototype);

class JoinOp<T> extends FastOp<void> {
  /** @internal */ _q: Queue<T>;
  /** @internal */ _node = 0;
  constructor(q: Queue<T>) {
    super();
    this._q = q;
  }
  _try(): boolean {
    const q = this._q;
    const s = q._coreRunning();
    const node = (this._node = s.core.qJoin(q._id));
    if (node !== 0) {
      try {
        q._waitIn();
      } catch (e) {
        s.core.qJoinEnd(q._id, node);
        throw e;
      }
    }
    return node === 0;
  }
  _slow(): Coro<void> {
    return this._q._joinWait(this._node);
  }
}

