// user.ts: a small program as a user writes it against the published types ("wasyncio" resolves
// to dist/ through package.json's exports, as in node_modules). Each `@ts-expect-error` is a
// check: the line must fail to compile.
import { run, sleep, gather, createTask, Lock, Queue, getRunningLoop, Future, type GatherResults } from "wasyncio";
import { NodeHost } from "wasyncio/host/node";
import * as browser from "wasyncio/host/browser";
import * as deno from "wasyncio/host/deno";
import * as bun from "wasyncio/host/bun";
import * as workerd from "wasyncio/host/workerd";
import * as portable from "wasyncio/portable";
import * as debugCore from "wasyncio/debug-core";

function* num(n: number) {
  yield* sleep(1);
  return n;
}
function* str(s: string) {
  return s;
}

function* main() {
  // gather() is typed as Promise.all is: a tuple of the results, in argument order.
  const [a, b, c] = yield* gather(num(1), str("x"), sleep(1, true));
  const n: number = a;
  const s: string = b;
  const t: boolean = c;
  // @ts-expect-error b is a string
  const wrong: number = b;

  // A spread array gives an array.
  const tasks = [1, 2, 3].map((i) => createTask(num(i)));
  const all: number[] = yield* gather(...tasks);

  // Futures, Ops, promises and async functions.
  const fut = getRunningLoop().createFuture<Date>();
  fut.setResult(new Date());
  const [d, q, p, f] = yield* gather(fut, new Queue<string>().get(), Promise.resolve(7n), async () => "async");
  const dd: Date = d;
  const qq: string = q;
  const pp: bigint = p;
  const ff: string = f;

  // With returnExceptions an element may be an Error.
  const [r1] = yield* gather(num(1), { returnExceptions: true });
  // @ts-expect-error r1 is number | Error
  const r1n: number = r1;
  const r1ok: number | Error = r1;
  const [r2] = yield* gather(num(1), { returnExceptions: false });
  const r2n: number = r2;

  const typed: GatherResults<[Future<number>, Generator<unknown, string, unknown>]> = [1, "x"];

  // @internal members are not in the published types.
  const lock = new Lock();
  // @ts-expect-error _core is internal
  lock._core;
  // @ts-expect-error _runOnce is internal
  getRunningLoop()._runOnce();

  return [n, s, t, wrong, all, dd, qq, pp, ff, r1n, r1ok, r2n, typed] as const;
}

const host = new NodeHost();
void [browser, deno, bun, workerd, portable, debugCore];
await run(main(), { host });
