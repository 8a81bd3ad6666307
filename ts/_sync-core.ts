// _sync-core.ts: the façade's side of the primitives' core ABI (assembly/sync.ts): typed exports,
// waking an idle loop, and loop binding.
//
// One SyncCore per core instance: each loop's (a WeakMap keyed by the loop), plus one detached
// instance for the state of primitives used before any loop runs them (`new Queue()` filled with
// putNowait() at module level, an Event set early). A primitive binds to the running loop the
// first time it is used inside one; detached state then moves into that loop's core once (no
// waiter can exist outside a loop, so only values and items move). Using it while another loop
// runs is RuntimeError '... is bound to a different event loop' (asyncio mixins.py).
// Lock, Condition and Barrier never need detached state (nothing can change them outside a loop).
//
// The core decides and wakes: a node id the core returns is what the waiting task parks on (a
// CoreWait, ts/_park.ts; the task step hands the node to the core), and the export that chooses
// the node schedules that task's step itself. Task.cancel() of a parked task cancels the wait in
// the core at once (taskParkCancel), as asyncio's deque sees `fut.cancelled()` the moment the
// waiter future is cancelled.
// Core state of a collected primitive is freed through a FinalizationRegistry, so short-lived
// locks and queues do not grow the core's tables.
// FastOp: the Ops of operations that usually complete at once (acquire, wait, get, put, join)
// make their one core call at the first next() of `yield*` and, when it completes, run no
// generator at all (an uncontended acquire+release measured ~100 ns on a loaded 2-core machine,
// against ~200 ns through the three generators of a plain Op).

import { instantiateCore } from "../host/load.js";
import type { Future } from "./futures.js";
import { RuntimeError } from "./errors.js";
import { _getRunningLoopOrNull } from "./_running.js";
import type { EventLoop } from "./events.js";
import { Op } from "./ops.js";
import type { Coro } from "./task.js";

/** The primitives' exports of core.wasm (assembly/sync.ts). Booleans come back as 0/1. */
export interface SyncExports {
  memory: WebAssembly.Memory;
  waiterCancel(node: number): void;
  waiterState(node: number): number;
  taskStepPark(id: number, node: number): number;
  taskParkCancel(id: number, node: number): number;
  liveWaiters(): number;
  livePrimitives(): number;
  liveLists(): number;
  checkWaiters(): number;
  lockNew(): number;
  lockFree(l: number): void;
  lockAcquire(l: number): number;
  lockRelease(l: number): number;
  lockAcquireEnd(l: number, node: number, cancelled: number): void;
  lockLocked(l: number): number;
  lockWaiters(l: number): number;
  lockCheck(l: number): number;
  condNew(lock: number): number;
  condFree(c: number): void;
  condWait(c: number): number;
  condWaitEnd(c: number, node: number): void;
  condNotify(c: number, k: number, check: number): number;
  condWaiters(c: number): number;
  condLocked(c: number): number;
  eventNew(value: number): number;
  eventFree(e: number): void;
  eventSet(e: number): number;
  eventClear(e: number): void;
  eventIsSet(e: number): number;
  eventWait(e: number): number;
  eventWaitEnd(e: number, node: number): void;
  eventWaiters(e: number): number;
  semNew(value: number, bound: number): number;
  semFree(s: number): void;
  semAcquire(s: number): number;
  semAcquireEnd(s: number, node: number, cancelled: number): void;
  semRelease(s: number): number;
  semValue(s: number): number;
  semBound(s: number): number;
  semLocked(s: number): number;
  semWaiters(s: number): number;
  semCheck(s: number): number;
  qNew(kind: number, maxsize: number): number;
  qFree(q: number): void;
  qPut(q: number, h: number, prio: number): number;
  qGet(q: number): number;
  qWaitGet(q: number): number;
  qWaitPut(q: number): number;
  qWaitEnd(q: number, node: number, side: number, aborted: number): void;
  qTaskDone(q: number): number;
  qJoin(q: number): number;
  qJoinEnd(q: number, node: number): void;
  qShutdown(q: number, immediate: number): void;
  qPeekPriority(q: number): number;
  qAdopt(q: number, unfinished: number, shut: number): void;
  qSize(q: number): number;
  qFull(q: number): number;
  qUnfinished(q: number): number;
  qIsShutdown(q: number): number;
  qGetters(q: number): number;
  qPutters(q: number): number;
  qJoiners(q: number): number;
  qCheck(q: number): number;
  liveItems(): number;
  barrierNew(parties: number, cond: number): number;
  barrierFree(b: number): void;
  barrierEnter(b: number): number;
  barrierPassed(b: number): number;
  barrierExit(b: number): void;
  barrierReset(b: number): void;
  barrierAbort(b: number): void;
  barrierState(b: number): number;
  barrierWaiting(b: number): number;
  barrierCheck(b: number): number;
}

// Statuses (assembly/sync-abi.ts).
export const ST_FAIL = -1; // not locked / over-release / empty / full / too many / barrier: wait
export const ST_SHUTDOWN = -2; // queue shut down; barrier: broken
export const W_PENDING = 1;
export const W_WOKEN = 2;
export const W_CANCELLED = 3;
export const Q_FIFO = 0;
export const Q_LIFO = 1;
export const Q_PRIORITY = 2;
export const SIDE_GET = 0;
export const SIDE_PUT = 1;
export const BARRIER_STATES = ["filling", "draining", "resetting", "broken"] as const;

export class SyncCore {
  readonly core: SyncExports;
  /** null for the detached core */
  readonly loop: EventLoop | null;
  constructor(core: SyncExports, loop: EventLoop | null) {
    this.core = core;
    this.loop = loop;
  }

  /** After an export that may wake waiters: the core scheduled their tasks itself; a loop that
   *  was idle (a set() or put() from a host callback) is woken if it now has work. A running loop
   *  that is not pumping has nothing ready (its last iteration found the ring empty, and every
   *  other way into the ring wakes it), so a non-empty ring means this export scheduled tasks.
   *  Within an iteration (the usual case) nothing is read. */
  flush(): void {
    const loop = this.loop;
    if (loop === null || loop._pumping || !loop._running) return;
    if (loop._readyCount() !== 0) loop._wakeNow();
  }
}

const byLoop = new WeakMap<EventLoop, SyncCore>();
let detached: SyncCore | null = null;

export function syncCoreOf(loop: EventLoop): SyncCore {
  let s = byLoop.get(loop);
  if (s === undefined) {
    s = new SyncCore(loop._core as unknown as SyncExports, loop);
    byLoop.set(loop, s);
  }
  return s;
}

export function detachedCore(): SyncCore {
  return (detached ??= new SyncCore(instantiateCore(false) as unknown as SyncExports, null));
}

/** What the finalizer needs to free a collected primitive's core state (never the primitive). */
interface Cell {
  sc: SyncCore;
  id: number;
  free: (core: SyncExports, id: number) => void;
}

const registry: FinalizationRegistry<Cell> | null =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<Cell>((c) => {
        try {
          c.free(c.sc.core, c.id);
        } catch {
          /* a poisoned core: nothing to free */
        }
      })
    : null;

/**
 * The binding shared by every primitive: where its state lives (`_s`, `_id`) and the rule that
 * binds it to the first running loop that uses it.
 */
export abstract class LoopBound {
  /** @internal the core holding this primitive's state, or null before first use */
  _s: SyncCore | null = null;
  /** @internal its id in that core */
  _id = 0;
  /** @internal */ _cell: Cell | null = null;

  /** @internal allocate fresh state in `sc`; returns the id */
  abstract _alloc(sc: SyncCore): number;
  /** @internal free state `id` in `core` */
  abstract _free(core: SyncExports, id: number): void;
  /** @internal move detached state into `to` (default: fresh state; nothing to carry) */
  _migrate(from: SyncCore, id: number, to: SyncCore): number {
    this._free(from.core, id);
    return this._alloc(to);
  }
  /** @internal can it hold state before any loop runs it (Event, Semaphore, Queue) */
  _detachable(): boolean {
    return true;
  }

  /**
   * @internal The core to operate in: the running loop's (binding on first use), or, outside
   * any loop, the bound one, else the detached one (detachable primitives) or null.
   * @throws RuntimeError when bound to another loop than the running one.
   */
  _c(): SyncCore | null {
    const s = this._s;
    const loop = _getRunningLoopOrNull();
    if (s !== null && s.loop === loop) return s;
    return this._bindSlow(loop);
  }

  /** @internal _c() inside an operation that needs a running loop */
  _cr(): SyncCore {
    const s = this._c();
    if (s === null || s.loop === null) throw new RuntimeError("no running event loop");
    return s;
  }

  /** @internal */
  _bindSlow(loop: EventLoop | null): SyncCore | null {
    const s = this._s;
    if (loop === null) {
      if (s !== null) return s;
      if (!this._detachable()) return null;
      this._bindTo(detachedCore(), this._alloc(detachedCore()));
      return this._s;
    }
    if (s === null) {
      const to = syncCoreOf(loop);
      this._bindTo(to, this._alloc(to));
      return to;
    }
    if (s.loop === null) {
      const to = syncCoreOf(loop);
      const id = this._migrate(s, this._id, to);
      this._bindTo(to, id);
      return to;
    }
    throw new RuntimeError(`${this} is bound to a different event loop`);
  }

  /** @internal */
  /** @internal for a primitive built on another (Condition on its Lock, Barrier on its
   *  Condition): `dep` binds first, and this one lives in the same core */
  _cAfter(dep: LoopBound): SyncCore | null {
    const ds = dep._c();
    if (ds === null) return null;
    const s = this._s;
    if (s === ds) return s;
    if (s === null) {
      this._bindTo(ds, this._alloc(ds));
      return ds;
    }
    throw new RuntimeError(`${this} is bound to a different event loop`);
  }

  _bindTo(sc: SyncCore, id: number): void {
    this._s = sc;
    this._id = id;
    if (this._cell !== null) {
      this._cell.sc = sc;
      this._cell.id = id;
    } else if (registry !== null) {
      const free = this._free;
      this._cell = { sc, id, free: (core, i) => free.call(null, core, i) };
      registry.register(this, this._cell);
    }
  }

  /** The loop this primitive is bound to, or null. */
  get _loop(): EventLoop | null {
    return this._s?.loop ?? null;
  }
}

/** Symbol.dispose, where the host has it (Node 20 does), else TypeScript's fallback key. */
export const DISPOSE: symbol = (Symbol as any).dispose ?? Symbol.for("Symbol.dispose");

const FRESH = 0;
const DONE = 2;
const RESULT_TRUE: IteratorReturnResult<true> = Object.freeze({ done: true, value: true }) as IteratorReturnResult<true>;

/**
 * The iterator of a fresh FastOp. Its first next() makes the whole core call; when that
 * completes, it is done at once (no generator runs). Otherwise it delegates to the Op's normal
 * run from where the call left off. Lazy like a generator: nothing happens before the first
 * next() (so `createTask(lock.acquire())` acquires at the task's first step), and a throw()
 * before it (a task cancelled before it started) leaves the Op unrun.
 */
class FastIterator<T> implements Iterator<unknown, T, unknown> {
  /** @internal */ _op: FastOp<T>;
  /** @internal the delegate once the operation parked */
  _gen: Generator<unknown, T, unknown> | null = null;
  /** @internal */ _started = false;
  constructor(op: FastOp<T>) {
    this._op = op;
  }
  next(v?: unknown): IteratorResult<unknown, T> {
    if (this._gen !== null) return this._gen.next(v);
    if (this._started) return { done: true, value: undefined as T };
    this._started = true;
    const op = this._op;
    if (op._state !== FRESH || op._fut !== null) {
      // Someone else started it meanwhile: wait for its outcome as any Op does.
      this._gen = Op.prototype[Symbol.iterator].call(op) as Generator<unknown, T, unknown>;
      return this._gen.next();
    }
    if (op._watch !== null) op._watch.awaited = true;
    let done: boolean;
    try {
      done = op._try();
    } catch (e) {
      op._body = null;
      op._state = DONE;
      op._ok = false;
      op._value = e;
      throw e;
    }
    if (!done) {
      op._body = () => op._slow();
      this._gen = op._run();
      return this._gen.next();
    }
    const r = op._r as T;
    op._body = null;
    op._state = DONE;
    op._ok = true;
    op._value = r;
    // yield* only reads done and value: completed acquires share one result object.
    return r === (true as unknown) ? (RESULT_TRUE as IteratorResult<unknown, T>) : { done: true, value: r };
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    if (this._gen !== null) return this._gen.throw(e);
    this._started = true;
    throw e;
  }
  return(v: T): IteratorResult<unknown, T> {
    if (this._gen !== null) return this._gen.return(v);
    this._started = true;
    return { done: true, value: v };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * An Op whose operation usually completes at once (an uncontended acquire, a get from a
 * non-empty queue): `yield*` of a fresh one runs no generator when it does (FastIterator).
 * Otherwise, and when awaited through then(), it is a normal Op. Lazy and run-once as every Op.
 */
export abstract class FastOp<T> extends Op<T> {
  /** @internal the result of a _try() that completed */
  _r: T | undefined = undefined;

  constructor() {
    super(null as unknown as () => Coro<T>);
  }

  /** @internal then() / ensureFuture(): the whole operation runs as a task of its own */
  _startAsTask(): Future<T> {
    if (this._state === FRESH && this._fut === null) this._body = () => this._all();
    return super._startAsTask();
  }

  /** @internal the whole operation: true when it completed (result in _r); false when it parked */
  abstract _try(): boolean;
  /** @internal what follows a _try() that parked */
  abstract _slow(): Coro<T>;

  /** @internal */
  *_all(): Coro<T> {
    if (this._try()) return this._r as T;
    return yield* this._slow();
  }

  [Symbol.iterator](): Generator<unknown, T, unknown> {
    if (this._state !== FRESH || this._fut !== null) return super[Symbol.iterator]();
    return new FastIterator(this) as unknown as Generator<unknown, T, unknown>;
  }
}
