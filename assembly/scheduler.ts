// scheduler.ts: the loop's decisions, made from integers only.
//
//   callSoon / callAt      a callback handle gets an id and joins the ready ring or the heap
//   prepare()              asyncio _run_once steps 1-2: drop cancelled timers (lazily, or by
//                          rebuilding the heap past the threshold) and say when the next one is due
//   collect(end)           steps 4-5: every timer due before `end` (= now + clock resolution)
//                          joins the ready ring, then the whole ring becomes this iteration's batch
//
// collect() is the only place where the batch is decided: the façade runs exactly the entries it
// returns, in order, and nothing scheduled meanwhile joins them (CPython: "only the handles ready
// at the start of an iteration run in it").
//
// Handle ids are recycled one iteration late: the ids of a batch are released at the next
// collect(), after the façade has run (or skipped) every entry of it, so an id can never be
// reused while the batch still names it.
//
// Owner rule: the timer tables are mutated only here; the façade holds no copy of a timer's
// scheduled/cancelled state beyond its own Handle object's flag.

import { TASK_BIT, NO_MEMORY } from "./abi";
import { E_BAD_HANDLE, E_HEAP } from "./errors";
import { CHECKS } from "./checks";
import { IdPool, grow } from "./ids";
import { Ring, Batch } from "./ready";
import { TimerHeap, TimerSink } from "./heap";
import { tasks } from "./task";

const MIN_SCHEDULED: u32 = 100;

// Timer flags, per handle id.
export const T_SCHEDULED: u8 = 1; // in the heap
export const T_CANCELLED: u8 = 2; // cancelled while in the heap (counted in heap.cancelled)

export const handles = new IdPool(256, 1, 1);
let tflags = new StaticArray<u8>(256);
let nextSeq: f64 = 0;

export const ready = new Ring();
export const batch = new Batch();
export const heap = new TimerHeap();

/** Room in the ready ring for one entry per handle and task id handed out, plus `fresh` (1 when
 *  the id about to be handed out is a new one, not a recycled one; ready.ts). */
export function ringRoom(fresh: bool): bool {
  return ready.reserve(handles.next - 1 + tasks.next - 1 + (fresh ? 1 : 0), batch);
}

/** The ready ring holds one more new id's entry already (ringRoom(true) would do nothing). */
@inline export function ringFits(): bool {
  return handles.next + tasks.next <= ready.mask + 2;
}

/** Room for one more handle (and a heap slot for a timer), grown now; false when the memory
 *  limit refuses (nothing changed). */
@inline function handleRoom(timer: bool): bool {
  // A recycled id needs no room: the table and the ready ring hold it already.
  if (handles.nfree == 0 && !(handles.next < handles.cap && ringFits()) && !freshHandleRoom()) return false;
  return !timer || heap.room();
}

function freshHandleRoom(): bool {
  const r = handles.room(1);
  if (r < 0) return false;
  if (r > 0) tflags = grow(tflags, handles.cap - 1);
  return ringRoom(true);
}

/** A new callback handle at the tail of the ready ring; NO_MEMORY under the memory limit. */
export function callSoon(): u32 {
  if (!handleRoom(false)) return <u32>NO_MEMORY;
  const id = handles.alloc();
  unchecked((tflags[id] = 0));
  ready.push(id);
  return id;
}

/** Schedules a timer; `t` is the loop time (ms) it is due at. NO_MEMORY under the memory limit. */
export function callAt(t: f64): u32 {
  if (!handleRoom(true)) return <u32>NO_MEMORY;
  const id = handles.alloc();
  unchecked((tflags[id] = T_SCHEDULED));
  heap.push(id, t, nextSeq);
  nextSeq += 1;
  return id;
}

/** Cancels a timer. Counts only while the timer is still in the heap, as
 *  TimerHandle.cancel() does (events.py). Returns whether it was in the heap. */
export function timerCancel(id: u32): bool {
  if (CHECKS) assert(id > 0 && id < handles.next, E_BAD_HANDLE);
  const f = unchecked(tflags[id]);
  if ((f & (T_SCHEDULED | T_CANCELLED)) != T_SCHEDULED) return false;
  unchecked((tflags[id] = f | T_CANCELLED));
  heap.cancelled++;
  return true;
}

class Dropper implements TimerSink {
  dropped(id: u32): void {
    unchecked((tflags[id] = 0));
    handles.release(id);
  }
}
const dropper = new Dropper();

/** Steps 1-2 of _run_once: prune cancelled timers; returns the next deadline or +Infinity. */
export function prepare(): f64 {
  const n = heap.size;
  if (n > MIN_SCHEDULED && heap.cancelled * 2 > n) {
    heap.removeFlagged(tflags, T_CANCELLED, dropper);
    heap.cancelled = 0;
  } else {
    while (heap.size) {
      const top = heap.top();
      if (!(unchecked(tflags[top]) & T_CANCELLED)) break;
      heap.pop();
      heap.cancelled--;
      dropper.dropped(top);
    }
  }
  if (CHECKS) assert(heap.check(), E_HEAP);
  return heap.topWhen();
}

/** Steps 4-5 of _run_once. Returns the number of entries in the new batch. */
export function collect(end: f64): u32 {
  // The previous batch has been run: its handle ids are free now.
  const prev = batch.buf;
  for (let i: u32 = 0; i < batch.len; i++) {
    const e = unchecked(prev[i]);
    if (!(e & TASK_BIT)) handles.release(e);
  }
  batch.len = 0;
  while (heap.size) {
    const top = heap.top();
    const f = unchecked(tflags[top]);
    if (f & T_CANCELLED) {
      // Cancelled since prepare(): drop it here, as the next prepare() would.
      heap.pop();
      heap.cancelled--;
      dropper.dropped(top);
      continue;
    }
    if (!(heap.topWhen() < end)) break;
    heap.pop();
    unchecked((tflags[top] = 0));
    ready.push(top);
  }
  ready.drainInto(batch);
  return batch.len;
}

/** Drops every pending handle and timer (reset()): as on a fresh instance, but for capacity. */
export function resetScheduler(): void {
  ready.clear();
  heap.clear();
  batch.len = 0;
  handles.reset();
  nextSeq = 0;
}
