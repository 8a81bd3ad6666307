// Effection v4 ships no bounded queue, lock or semaphore (its `createQueue` is an unbounded
// single-consumer subscription). These are the same small FIFO designs as promise-sync.ts,
// built on Effection's own `withResolvers` so waiting happens through Effection's scheduler.
import { withResolvers, type Operation } from "effection";
import { Deque } from "./deque.ts";

const DONE: Operation<void> = { *[Symbol.iterator]() {} };

function value<T>(v: T): Operation<T> {
  return {
    *[Symbol.iterator]() {
      return v;
    },
  };
}

export class EffectionQueue<T> {
  private items = new Deque<T>(128);
  private getters = new Deque<(v: T) => void>();
  private putters = new Deque<{ item: T; resolve: (v: void) => void }>();
  constructor(readonly maxsize: number) {}

  put(item: T): Operation<void> {
    const g = this.getters.shift();
    if (g !== undefined) {
      g(item);
      return DONE;
    }
    if (this.items.length < this.maxsize) {
      this.items.push(item);
      return DONE;
    }
    const { operation, resolve } = withResolvers<void>();
    this.putters.push({ item, resolve });
    return operation;
  }

  get(): Operation<T> {
    if (this.items.length > 0) {
      const item = this.items.shift() as T;
      const p = this.putters.shift();
      if (p !== undefined) {
        this.items.push(p.item);
        p.resolve();
      }
      return value(item);
    }
    const { operation, resolve } = withResolvers<T>();
    this.getters.push(resolve);
    return operation;
  }
}

export class EffectionMutex {
  private locked = false;
  private waiters = new Deque<(v: void) => void>();

  acquire(): Operation<void> {
    if (!this.locked) {
      this.locked = true;
      return DONE;
    }
    const { operation, resolve } = withResolvers<void>();
    this.waiters.push(resolve);
    return operation;
  }

  release(): void {
    const w = this.waiters.shift();
    if (w !== undefined) w();
    else this.locked = false;
  }
}

export class EffectionSemaphore {
  private waiters = new Deque<(v: void) => void>();
  constructor(private value: number) {}

  acquire(): Operation<void> {
    if (this.value > 0) {
      this.value--;
      return DONE;
    }
    const { operation, resolve } = withResolvers<void>();
    this.waiters.push(resolve);
    return operation;
  }

  release(): void {
    const w = this.waiters.shift();
    if (w !== undefined) w();
    else this.value++;
  }
}
