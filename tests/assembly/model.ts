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
