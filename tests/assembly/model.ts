// model.ts: a tiny reference model of the core's ready ring and timer heap, for the
// differential tests (model.test.ts). It keeps the rules, not the data structures: the ready
// queue is an array, the heap a list searched for its minimum by (when, seq), and entries are
// named by tokens instead of the core's recycled ids (the test maps one to the other).
//
// Rules it states (scheduler.ts, CPython base_events.py _run_once):
//   - callSoon and due timers append to the ready queue; collect() takes all of it as the batch;
//   - timers leave in (when, seq) order, only with when < end;
//   - timerCancel counts a timer only while it is in the heap;
//   - prepare() rebuilds without the cancelled when size > 100 and cancelled * 2 > size,
//     else drops cancelled timers from the top; collect() also drops cancelled ones at the top;
//   - a batch entry's id stays taken until the next collect(); a dropped timer's id is free at once.

export interface Timer {
  token: number;
  when: number;
  seq: number;
  cancelled: boolean;
}

export class Model {
  ready: number[] = [];
  batch: number[] = [];
  heap: Timer[] = [];
  cancelled = 0;
  private nextSeq = 0;
  /** Tokens whose core id must not be handed out again yet. */
  live = new Set<number>();
  inHeap = new Map<number, Timer>();
  /** How many times prepare() rebuilt the heap (the tests check that they reach the rule). */
  static rebuilds = 0;

  callSoon(token: number): void {
    this.ready.push(token);
    this.live.add(token);
  }

  /** A task entry: tasks do not hold handle ids, so they are not in `live`. */
  pushTask(token: number): void {
    this.ready.push(token);
  }

  callAt(token: number, when: number): void {
    const t = { token, when, seq: this.nextSeq++, cancelled: false };
    this.heap.push(t);
    this.inHeap.set(token, t);
    this.live.add(token);
  }

  timerCancel(token: number): boolean {
    const t = this.inHeap.get(token);
    if (t === undefined || t.cancelled) return false;
    t.cancelled = true;
    this.cancelled++;
    return true;
  }

  private topIndex(): number {
    let best = -1;
    for (let i = 0; i < this.heap.length; i++) {
      const t = this.heap[i];
      if (best < 0) best = i;
      else {
        const b = this.heap[best];
        if (t.when < b.when || (t.when === b.when && t.seq < b.seq)) best = i;
      }
    }
    return best;
  }

  private remove(i: number): Timer {
    const [t] = this.heap.splice(i, 1);
    this.inHeap.delete(t.token);
    return t;
  }

  private drop(t: Timer): void {
    this.live.delete(t.token);
  }

  prepare(): number {
    const n = this.heap.length;
    if (n > 100 && this.cancelled * 2 > n) {
      for (const t of this.heap.filter((t) => t.cancelled)) this.drop(t);
      this.heap = this.heap.filter((t) => !t.cancelled);
      for (const k of [...this.inHeap.keys()]) if (this.inHeap.get(k)!.cancelled) this.inHeap.delete(k);
      this.cancelled = 0;
      Model.rebuilds++;
    } else {
      for (let i = this.topIndex(); i >= 0 && this.heap[i].cancelled; i = this.topIndex()) {
        this.drop(this.remove(i));
        this.cancelled--;
      }
    }
    const i = this.topIndex();
    return i < 0 ? Infinity : this.heap[i].when;
  }

  collect(end: number): number[] {
    for (const tok of this.batch) this.live.delete(tok);
    for (let i = this.topIndex(); i >= 0; i = this.topIndex()) {
      const t = this.heap[i];
      if (t.cancelled) {
        this.drop(this.remove(i));
        this.cancelled--;
        continue;
      }
      if (!(t.when < end)) break;
      this.remove(i);
      this.ready.push(t.token);
    }
    this.batch = this.ready;
    this.ready = [];
    return this.batch;
  }

  reset(): void {
    this.ready = [];
    this.batch = [];
    this.heap = [];
    this.cancelled = 0;
    this.live.clear();
    this.inHeap.clear();
  }
}

// ---- the task table ---------------------------------------------------------------------------
// CPython 3.13 tasks.py, stated per task: `n` is _num_cancels_requested, `must` _must_cancel,
// `waiting` "_fut_waiter is not None" (set when a step suspends on a future, cleared when the next
// step starts), `scheduled` "a step is in the ready queue", `running` "its step is on the stack".

export interface TaskRow {
  n: number;
  must: boolean;
  waiting: boolean;
  scheduled: boolean;
  running: boolean;
}

export class TaskModel {
  rows = new Map<number, TaskRow>();
  ready: number[] = [];

  create(tok: number, eager: boolean): void {
    this.rows.set(tok, { n: 0, must: false, waiting: false, scheduled: !eager, running: false });
    if (!eager) this.ready.push(tok);
  }

  /** __step starts: returns whether it throws CancelledError in (must_cancel consumed). */
  begin(tok: number): boolean {
    const r = this.rows.get(tok)!;
    const must = r.must;
    r.must = false;
    r.waiting = false;
    r.scheduled = false;
    r.running = true;
    return must;
  }

  /** The step yielded a future: returns must_cancel (the caller then tries fut.cancel()). */
  wait(tok: number): boolean {
    const r = this.rows.get(tok)!;
    r.running = false;
    r.waiting = true;
    return r.must;
  }

  /** Bare yield: call_soon(__step). */
  yieldStep(tok: number): void {
    const r = this.rows.get(tok)!;
    r.running = false;
    r.scheduled = true;
    this.ready.push(tok);
  }

  /** The awaited future is done: call_soon(__wakeup). */
  wake(tok: number): void {
    this.rows.get(tok)!.scheduled = true;
    this.ready.push(tok);
  }

  /** StopIteration / exception: returns (n << 1) | must (a must_cancel left makes it end cancelled). */
  finish(tok: number): number {
    const r = this.rows.get(tok)!;
    this.rows.delete(tok);
    return (r.n << 1) | (r.must ? 1 : 0);
  }

  /** Task.cancel(): 0 done, 1 "has a _fut_waiter: cancel it first", 2 must_cancel set. */
  cancel(tok: number): 0 | 1 | 2 {
    const r = this.rows.get(tok);
    if (r === undefined) return 0;
    r.n++;
    if (r.waiting) return 1;
    r.must = true;
    return 2;
  }

  setMust(tok: number, v: boolean): void {
    this.rows.get(tok)!.must = v;
  }

  uncancel(tok: number): number {
    const r = this.rows.get(tok)!;
    if (r.n > 0) {
      r.n--;
      if (r.n === 0) r.must = false;
    }
    return r.n;
  }

  collect(): number[] {
    const b = this.ready;
    this.ready = [];
    return b;
  }

  /** The core's taskFlags() for this row. */
  static flags(r: TaskRow | undefined): number {
    if (r === undefined) return 0;
    return 1 | (r.scheduled ? 2 : 0) | (r.waiting ? 4 : 0) | (r.running ? 8 : 0) | (r.must ? 16 : 0);
  }
}
