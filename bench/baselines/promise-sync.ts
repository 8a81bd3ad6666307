// Hand-written promise primitives: the "limit" baselines for the queue, lock and semaphore
// workloads. Small and direct, as an application would write them: a bounded FIFO queue with
// waiting putters/getters, a FIFO mutex and a FIFO counting semaphore. Every operation returns a
// promise (callers `await` it), the fast path an already-resolved one.
import { Deque } from "./deque.ts";

const RESOLVED: Promise<void> = Promise.resolve();

export class PromiseQueue<T> {
  private items = new Deque<T>(128);
  private getters = new Deque<(v: T) => void>();
  private putters = new Deque<{ item: T; resolve: () => void }>();
  constructor(readonly maxsize: number) {}

  put(item: T): Promise<void> {
    const g = this.getters.shift();
    if (g !== undefined) {
      g(item);
      return RESOLVED;
    }
    if (this.items.length < this.maxsize) {
      this.items.push(item);
      return RESOLVED;
    }
    return new Promise<void>((resolve) => this.putters.push({ item, resolve }));
  }

  get(): Promise<T> {
    if (this.items.length > 0) {
      const item = this.items.shift() as T;
      const p = this.putters.shift();
      if (p !== undefined) {
        this.items.push(p.item);
        p.resolve();
      }
      return Promise.resolve(item);
    }
    const p = this.putters.shift(); // only possible with maxsize 0
    if (p !== undefined) {
      p.resolve();
      return Promise.resolve(p.item);
    }
    return new Promise<T>((resolve) => this.getters.push(resolve));
  }
}

export class PromiseMutex {
  private locked = false;
  private waiters = new Deque<() => void>();

  acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return RESOLVED;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Hands the lock straight to the first waiter, if any. */
  release(): void {
    const w = this.waiters.shift();
    if (w !== undefined) w();
    else this.locked = false;
  }
}

export class PromiseSemaphore {
  private waiters = new Deque<() => void>();
  constructor(private value: number) {}

  acquire(): Promise<void> {
    if (this.value > 0) {
      this.value--;
      return RESOLVED;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Hands the unit straight to the first waiter, if any. */
  release(): void {
    const w = this.waiters.shift();
    if (w !== undefined) w();
    else this.value++;
  }
}
