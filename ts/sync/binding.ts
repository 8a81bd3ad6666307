// binding.ts: where a primitive's state lives, and the rule that binds it to a loop.
//
// A primitive's state (a lock's owner bit, a queue's item handles, the waiter lists) lives in a
// core instance: the running loop's, once the primitive is used inside it (asyncio binds when a
// primitive first has to wait; here at first use, see below), or the detached core, which holds
// the state of primitives that no running loop owns: used before any loop ran them (`new
// Queue()` filled with putNowait() at module level, an Event set early), or whose loop closed.
// Each loop has one SyncCore (`loop._sync`), made when the first primitive binds to it.
//
// Loops share nothing: when a loop closes, each primitive whose state is in its core saves it
// (_save), the loop's core is reset to empty, and the primitive restores its state into the
// detached core (_restore), so `lock.locked()`, `queue.qsize()` and `statistics()` keep
// answering after their loop closed, as asyncio's primitives do.
// Binding is asyncio's (mixins._LoopBoundMixin): a primitive is bound to the loop in which it
// first has to wait (`_waitLoop`). In any other loop everything that does not wait works
// (release(), set(), putNowait(), locked(), an uncontended acquire()); only a wait raises
// RuntimeError '... is bound to a different event loop'. The state follows the running loop
// that uses it (moved into its core: only values, items and counts move, never a waiter), except
// while another loop's core holds waiters of it: then it is operated on where it is, and a wait
// from this loop raises.
//
// The core decides and wakes: a node id the core returns is what the waiting task parks on (a
// CoreWait, ts/sync/park.ts; the task step hands the node to the core), and the export that
// chooses the node schedules that task's step itself. Task.cancel() of a parked task cancels the
// wait in the core at once (taskParkCancel), as asyncio's deque sees `fut.cancelled()` the moment
// the waiter future is cancelled.
// Core state of a collected primitive is freed through a FinalizationRegistry, so short-lived
// locks and queues do not grow the core's tables.
//
// Invariant: `p._home.core` holds state `p._id` for p, and `p` is in `p._home.members` while
// `p._home.loop !== null`.

import { RuntimeError, describe } from "../errors.js";
import { _getRunningLoopOrNull } from "../loop/running.js";
import type { EventLoop } from "../loop/loop.js";
import { _openCore, _coreKind } from "../loop/core.js";
import type { CoreExports } from "../../gen/core-abi.js";
import { INSPECT } from "../inspect.js";

/** The core's exports as the primitives use them: gen/core-abi.ts's CoreExports, generated from
 *  assembly/ (booleans come back as 0/1). */
export type SyncExports = CoreExports;

export class SyncCore {
  readonly core: SyncExports;
  /** null for the detached core */
  readonly loop: EventLoop | null;
  /** The primitives bound to this loop's core, in binding order (a Condition after its Lock, a
   *  Barrier after its Condition), held weakly; null for the detached core. */
  readonly members: Set<WeakRef<LoopBound>> | null;
  constructor(core: SyncExports, loop: EventLoop | null) {
    this.core = core;
    this.loop = loop;
    this.members = loop === null ? null : new Set();
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

/** @internal the loop's SyncCore, made when its first primitive binds */
export function syncCoreOf(loop: EventLoop): SyncCore {
  return (loop._sync ??= new SyncCore(loop._core , loop));
}

let detached: SyncCore | null = null;

/** @internal the core of the primitives no running loop owns (made on first need). Never a
 *  pooled instance: taking the instance a closed loop just gave back would hand the next loop a
 *  new one, and every core call site of the façade would then see two (5% on the queue
 *  workloads, measured). */
export function detachedCore(): SyncCore {
  return (detached ??= new SyncCore(_openCore(_coreKind(false, undefined), false) , null));
}

/**
 * @internal loop.close(), before its core is reset: every primitive still bound to the loop
 * saves its state; `reset` empties the core; the state goes into the detached core.
 */
export function _releaseLoopPrimitives(loop: EventLoop, reset: () => void): void {
  const sc = loop._sync;
  loop._sync = null;
  if (sc === null) {
    reset();
    return;
  }
  const saved: [LoopBound, unknown][] = [];
  for (const ref of sc.members!) {
    const p = ref.deref();
    if (p !== undefined && p._home === sc) saved.push([p, p._save(sc.core, p._id)]);
  }
  sc.members!.clear();
  reset();
  for (const [p, v] of saved) {
    const to = detachedCore();
    p._bindTo(to, p._restore(to, v));
  }
}

/** What the finalizer needs to free a collected primitive's core state (never the primitive). */
interface Cell {
  sc: SyncCore;
  id: number;
  free: (core: SyncExports, id: number) => void;
  /** the primitive's entry in its loop's `members`, dropped with it */
  ref: WeakRef<LoopBound> | null;
}

const registry: FinalizationRegistry<Cell> | null =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<Cell>((c) => {
        if (c.ref !== null) c.sc.members?.delete(c.ref);
        // A closed loop's core was reset (and may serve another loop): nothing of it to free.
        if (c.sc.loop !== null && c.sc.loop._closed) return;
        try {
          c.free(c.sc.core, c.id);
        } catch {
          /* a poisoned core: nothing to free */
        }
      })
    : null;

/**
 * The binding shared by every primitive: where its state lives (`_home`, `_id`) and the rule
 * that binds it to the running loop that uses it.
 */
export abstract class LoopBound {
  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }


  /** @internal the core holding this primitive's state, or null before first use */
  _home: SyncCore | null = null;
  /** @internal its id in that core */
  _id = 0;
  /** @internal */ _cell: Cell | null = null;
  /** @internal this primitive, weakly, as its loop's SyncCore lists it */
  _ref: WeakRef<LoopBound> | null = null;
  /** @internal the loop in which it first had to wait (asyncio's `_loop`), also after that loop
   *  closed: a wait in any other loop is RuntimeError */
  _waitLoop: EventLoop | null = null;

  /** @internal allocate fresh state in `sc`; returns the id */
  abstract _alloc(sc: SyncCore): number;
  /** @internal free state `id` in `core` */
  abstract _free(core: SyncExports, id: number): void;
  /** @internal what of state `id` outlives its core (a value, items, counts; never waiters).
   *  It may change state `id` (a queue is emptied): the state is freed or reset right after. */
  _save(_core: SyncExports, _id: number): unknown {
    return undefined;
  }
  /** @internal fresh state in `sc` carrying what _save returned */
  _restore(sc: SyncCore, _saved: unknown): number {
    return this._alloc(sc);
  }
  /** @internal can it hold state before any loop runs it (Event, Semaphore, Queue) */
  _detachable(): boolean {
    return true;
  }
  /** @internal does state `id` in `core` have waiters (tasks of that core's loop) */
  abstract _hasWaiters(core: SyncExports, id: number): boolean;

  /**
   * @internal The core to operate in: the running loop's (binding on first use), or, outside
   * any loop, the bound one, else the detached one (detachable primitives) or null.
   * @throws RuntimeError when bound to another loop than the running one.
   */
  _coreNow(): SyncCore | null {
    const s = this._home;
    const loop = _getRunningLoopOrNull();
    if (s !== null && s.loop === loop) return s;
    return this._bindSlow(loop);
  }

  /** @internal _coreNow() inside an operation that may wait (it needs a running loop) */
  _coreRunning(): SyncCore {
    const s = this._coreNow();
    if (s === null || s.loop === null) throw new RuntimeError("no running event loop");
    return s;
  }

  /** @internal the operation is about to wait, or has just parked, in the running loop
   *  (asyncio's `_get_loop()` where a waiter future is made): the first wait binds the primitive
   *  to that loop; a wait in another loop, or while the state is in another loop's core (its
   *  tasks wait there), is RuntimeError. A caller that has parked undoes the wait first. */
  _waitIn(): void {
    const loop = _getRunningLoopOrNull();
    if (this._waitLoop === loop && this._home!.loop === loop) return;
    if ((this._waitLoop !== null && this._waitLoop !== loop) || this._home!.loop !== loop) throw this._boundElsewhere();
    this._waitLoop = loop;
  }

  /** @internal */
  _boundElsewhere(): RuntimeError {
    return new RuntimeError(`${this} is bound to a different event loop`);
  }

  /** @internal */
  _bindSlow(loop: EventLoop | null): SyncCore | null {
    const s = this._home;
    if (loop === null) {
      if (s !== null) return s;
      if (!this._detachable()) return null;
      const d = detachedCore();
      this._bindTo(d, this._alloc(d));
      return d;
    }
    if (s === null) {
      const to = syncCoreOf(loop);
      this._bindTo(to, this._alloc(to));
      return to;
    }
    // Detached, or in another loop's core with no waiter there: the state follows this loop.
    if (s.loop === null || !this._hasWaiters(s.core, this._id)) {
      this._moveTo(syncCoreOf(loop));
      return this._home;
    }
    // Another loop's tasks wait on it: operate there (a wait from here is refused).
    return s;
  }

  /** @internal the state moves into `to` (from the detached core, or a core with no waiter of it) */
  _moveTo(to: SyncCore): void {
    const from = this._home!;
    if (this._ref !== null) from.members?.delete(this._ref);
    const v = this._save(from.core, this._id);
    this._free(from.core, this._id);
    let id: number;
    try {
      id = this._restore(to, v);
    } catch (e) {
      // `to` refused it (a loop's memory limit: LimitError): the state goes back where it was.
      this._bindTo(from, this._restore(from, v));
      throw e;
    }
    this._bindTo(to, id);
  }

  /** @internal for a primitive built on another (Condition on its Lock, Barrier on its
   *  Condition): `dep` binds first, and this one lives in the same core */
  _coreWith(dep: LoopBound): SyncCore | null {
    const ds = dep._coreNow();
    if (ds === null) return null;
    const s = this._home;
    if (s === ds) return s;
    if (s === null) {
      this._bindTo(ds, this._alloc(ds));
      return ds;
    }
    if (s.loop === null || !this._hasWaiters(s.core, this._id)) {
      this._moveTo(ds);
      return ds;
    }
    throw this._boundElsewhere();
  }

  /** @internal */
  _bindTo(sc: SyncCore, id: number): void {
    this._home = sc;
    this._id = id;
    if (sc.members !== null) sc.members.add((this._ref ??= new WeakRef(this)));
    if (this._cell !== null) {
      this._cell.sc = sc;
      this._cell.id = id;
      this._cell.ref = this._ref;
    } else if (registry !== null) {
      const free = this._free;
      this._cell = { sc, id, free: (core, i) => free.call(null, core, i), ref: this._ref };
      registry.register(this, this._cell);
    }
  }

  /** The loop this primitive is bound to (where it first waited), or null. */
  get _loop(): EventLoop | null {
    return this._waitLoop;
  }
}

/** @internal a count argument of a primitive's constructor (Semaphore value, Barrier parties) */
export function _checkCount(v: unknown, what: string, cls: string, min: number): number {
  if (typeof v !== "number") throw new TypeError(`Cannot create ${cls} as '${what}' must be a number: received ${describe(v)}`);
  if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`Cannot create ${cls} as '${what}' must be an integer >= ${min}: received ${v}`);
  return v;
}
