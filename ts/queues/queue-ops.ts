// queue-ops.ts: the Ops of Queue.get(), put() and join(): FastOps (ts/sync/fast-op.ts) that
// complete with one core call and no generator when they can (an item is there, there is room,
// nothing is unfinished), and park the task on the core's waiter node otherwise.

import type { Coro } from "../tasks/task.js";
import { FastOp } from "../sync/fast-op.js";
import type { Queue } from "./queue.js";

// ---- the Ops: complete at once when they can (FastOp) --------------------------------------------

export class GetOp<T> extends FastOp<T> {
  /** @internal */ _q: Queue<T>;
  constructor(q: Queue<T>) {
    super();
    this._q = q;
  }
  _try(): boolean {
    const h = this._q._tryGet();
    if (h < 0) return false;
    this._r = this._q._take(h);
    return true;
  }
  _slow(): Coro<T> {
    return this._q._getWait();
  }
}

export class PutOp<T> extends FastOp<void> {
  /** @internal */ _q: Queue<T>;
  /** @internal */ _item: T;
  constructor(q: Queue<T>, item: T) {
    super();
    this._q = q;
    this._item = item;
  }
  _try(): boolean {
    return this._q._tryPut(this._item);
  }
  _slow(): Coro<void> {
    return this._q._putWait(this._item);
  }
}

export class JoinOp<T> extends FastOp<void> {
  /** @internal */ _q: Queue<T>;
  /** @internal */ _node = 0;
  constructor(q: Queue<T>) {
    super();
    this._q = q;
  }
  _try(): boolean {
    const q = this._q;
    this._node = q._coreRunning().core.qJoin(q._id);
    return this._node === 0;
  }
  _slow(): Coro<void> {
    return this._q._joinWait(this._node);
  }
}

