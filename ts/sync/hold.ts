// hold.ts: the Disposable that `yield* lock.hold()` / `sem.hold()` return, so that
// `using _ = yield* lock.hold()` releases at the end of the block (asyncio's `async with lock`).

/** Symbol.dispose, where the host has it (Node 20 does), else TypeScript's fallback key. */
export const DISPOSE: symbol = (Symbol as any).dispose ?? Symbol.for("Symbol.dispose");

/** @internal a Disposable that calls `release` */
export function holder(release: () => void): Disposable {
  return { [DISPOSE]: release } as unknown as Disposable;
}
