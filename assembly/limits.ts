// limits.ts: the core's memory ceiling (issue #12, limits.memory). The façade of a loop with a
// memory limit gives its own core a ceiling in pages (setMemoryLimit); from then on every export
// that may need more memory (a task, a timer, a waiter, a queue item, a primitive) first reserves
// what its tables' growth will take, and returns NO_MEMORY, having changed nothing, when that
// would grow the linear memory past the ceiling. Nothing then traps for lack of memory: the
// allocator (the stub runtime, a bump allocator that grows the memory itself, by doubling) finds
// the pages it needs already there.
//
// How: reserve(bytes) grows the memory up front (doubling while under the ceiling, else exactly
// what is needed) so that allocations of `bytes` in total fit below its end; every allocation
// after that moves `top`, an upper bound of the allocator's next free address (noteAlloc, called
// by every allocating site: grow() in ids.ts, the ready ring and batch). Without a ceiling
// reserve() is one comparison and the runtime grows the memory as before.
// Cost: the growth of a table happens before its export changes anything (IdPool.room), so an
// export either runs whole or not at all; releasing never allocates (the free stack of an IdPool
// grows with its table).

/** Bytes an allocation may take beyond its payload: block and object headers, alignment. */
export const ALLOC_SLACK: usize = 48;

/** The ceiling in pages; 0: none. */
let ceilingPages: i32 = 0;
/** An upper bound of the allocator's next free address (valid once a ceiling is set). */
let top: usize = 0;

/** The allocation at `ptr` of `bytes` was made: the allocator's offset is at most its end + 16. */
@inline export function noteAlloc(ptr: usize, bytes: usize): void {
  const end = ptr + bytes + 16;
  if (end > top) top = end;
}

/** Sets the memory ceiling to `pages` (64 KiB each); 0 removes it. Returns false, setting
 *  nothing, when the memory is larger than that already. */
export function setMemoryLimit(pages: u32): bool {
  // Where the allocator is now: a fresh empty object ends right below it.
  const probe = new StaticArray<u8>(0);
  noteAlloc(changetype<usize>(probe), 0);
  if (pages != 0 && <u32>memory.size() > pages) return false;
  ceilingPages = <i32>pages;
  return true;
}

/** Whether allocations of `bytes` in total (each with ALLOC_SLACK counted by the caller) may
 *  follow without growing the memory past the ceiling; when they may, the memory they need is
 *  there already (grown now), so the allocator will not grow it. */
export function reserve(bytes: usize): bool {
  if (ceilingPages == 0) return true;
  const need = top + bytes;
  const size = memory.size();
  const have = <usize>size << 16;
  if (need <= have) return true;
  const pages = <i32>((need - have + 0xffff) >>> 16);
  if (size + pages > ceilingPages) return false;
  const room = ceilingPages - size;
  const wanted = max(pages, min(size, room));
  if (memory.grow(wanted) < 0 && memory.grow(pages) < 0) return false;
  return true;
}
