// Context variables (ts/tasks/contextvars.ts): the scenarios are twins of
// tests/cpython/loop/contextvars_*.py, compared line by line with CPython 3.13's output; the rest
// checks the persistent map (copies share, sets do not leak) and argument errors.

import { describe, expect, it } from "vitest";
import {
  Context, ContextVar, LookupError, RuntimeError, Token, copyContext, createTask, currentTask, eagerTaskFactory, gather, getRunningLoop, newEventLoop, run, sleep, taskGroup, timeout,
} from "../../../ts/index.ts";
import { VirtualClock } from "../../../host/clock.ts";
import { conformance, ename, repr } from "../../cpython/trace.ts";

const virtual = () => ({ clock: new VirtualClock({ autojump: true }) });

/** Python's sorted((k.name, v) for k, v in ctx.items()) as repr prints it. */
function items(ctx: Context): string {
  const pairs = [...ctx.entries()].map(([k, v]) => [k.name, v] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
  return `[${pairs.map(([k, v]) => `(${repr(k)}, ${repr(v)})`).join(", ")}]`;
}

describe("context variables, against CPython 3.13", () => {
  conformance("contextvars_tasks", async (print) => {
    const v = new ContextVar<string>("var", { default: "default" });
    const other = new ContextVar<string>("other");
    function* child(name: string) {
      print(`${name} starts with var=${v.get()}`);
      v.set(`set by ${name}`);
      yield* sleep(0);
      print(`${name} after sleep var=${v.get()}`);
      return v.get();
    }
    // The Python program's module level is `top` (the agent's base context is left alone):
    // run() creates main synchronously, so main copies `top`.
    const top = new Context();
    top.run(() => v.set("top level"));
    await top.run(() => run(function* () {
        print(`main starts with var=${v.get()}`);
        v.set("main-1");
        const t1 = createTask(child("t1"));
        v.set("main-2");
        yield* sleep(0);
        print(`main after t1's first step var=${v.get()}`);
        print(`t1 result ${yield* t1}`);

        const shared = copyContext();
        const a = createTask(child("a"), { context: shared });
        const b = createTask(child("b"), { context: shared });
        yield* gather(a, b);
        print(`shared context var=${shared.get(v)} main var=${v.get()}`);
        print(`task context is the given one: ${repr(a.getContext() === shared)}`);

        const results = yield* gather(child("g1"), child("g2"));
        print(`gather results ${repr(results)} main var=${v.get()}`);

        yield* timeout(10_000, function* () {
          v.set("in timeout body");
        });
        print(`after timeout body var=${v.get()}`);

        let tc: ReturnType<typeof createTask<string>> | null = null;
        yield* taskGroup(function* (tg) {
          v.set("in taskgroup body");
          tc = tg.createTask(child("tg-child"));
        });
        print(`after taskgroup var=${v.get()} child ${tc!.result()}`);

        const loop = getRunningLoop();
        loop.setTaskFactory(eagerTaskFactory);
        v.set("before eager");
        const e = createTask(child("eager"));
        print(`eager created, main var=${v.get()}`);
        yield* e;
        loop.setTaskFactory(null);

        try {
          other.get();
        } catch (exc) {
          print(`other.get() ${ename(exc)}`);
        }
        print(`other.get('dflt') ${other.get("dflt")}`);
        print(`var.get('arg') ${v.get("arg")}`);
      }, virtual()));
    print(`top level after run var=${top.get(v)}`);
  });

  conformance("contextvars_callbacks", async (print) => {
    const v = new ContextVar<string>("var", { default: "default" });
    const cb = (name: string) => {
      print(`${name} sees var=${v.get()}`);
      v.set(`set by ${name}`);
    };
    const boom = (name: string) => {
      v.set(`boom ${name}`);
      throw new RuntimeError(name);
    };
    function* failing(): Generator<unknown, never> {
      v.set("failing task");
      throw new RuntimeError("task");
    }
    await run(function* () {
      const loop = getRunningLoop();
      loop.setExceptionHandler((_l, ctx) => print(`handler: ${ctx.message.split(" ")[0]} sees var=${v.get()}`));
      v.set("at call_soon");
      loop.callSoon(cb, "soon");
      v.set("at call_later");
      loop.callLater(100, cb, "later");
      v.set("at call_at");
      loop.callAt(loop.time() + 50, cb, "at");
      const fut = loop.createFuture<number>();
      v.set("at add_done_callback");
      fut.addDoneCallback(() => cb("done"));
      const ctx = copyContext();
      ctx.run(() => v.set("in explicit context"));
      fut.addDoneCallback(() => cb("done-explicit"), { context: ctx });
      v.set("at call_soon boom");
      loop.callSoon(boom, "cb");
      v.set("when setting the result");
      fut.setResult(1);
      yield* sleep(200);
      print(`main var=${v.get()}`);
      const t = createTask(failing());
      yield* sleep(0);
      loop.callExceptionHandler({ message: "Task failed", exception: t.exception(), task: t });
      const h = loop.callSoon(cb, "handle");
      print(`handle context has var: ${h.getContext().get(v)}`);
      yield* sleep(0);
    }, virtual());
  });

  conformance("contextvars_api", async (print) => {
    const a = new ContextVar<number>("a");
    const b = new ContextVar<number>("b", { default: 0 });
    const show = (ctx: Context, label: string) => print(`${label}: len=${ctx.size} items=${items(ctx)}`);
    await run(function* () {
      const t1 = a.set(1);
      print(`token old value is MISSING: ${repr(t1.oldValue === Token.MISSING)}, var is a: ${repr(t1.var === a)}`);
      const t2 = a.set(2);
      print(`second token old value ${String(t2.oldValue)}`);
      a.reset(t2);
      print(`after reset a=${a.get()}`);
      try {
        a.reset(t2);
      } catch (e) {
        print(`reset twice: ${ename(e)}`);
      }
      try {
        b.reset(t1 as unknown as Token<number>);
      } catch (e) {
        print(`reset with another var's token: ${ename(e)}`);
      }
      const ctx = copyContext();
      const tok = ctx.run(() => a.set(10));
      try {
        a.reset(tok);
      } catch (e) {
        print(`reset in another context: ${ename(e)}`);
      }
      a.reset(t1);
      try {
        a.get();
      } catch (e) {
        print(`after resetting to missing: ${ename(e)}`);
      }
      show(ctx, "ctx");
      print(`ctx has a: ${repr(ctx.has(a))}, b: ${repr(ctx.has(b))}, ctx.get(b, 5)=${ctx.get(b, 5)}, ctx.get(a)=${ctx.get(a)}`);
      const c2 = ctx.copy();
      c2.run(() => b.set(7));
      show(ctx, "ctx after setting in the copy");
      show(c2, "copy");
      const nested = () => {
        try {
          ctx.run(() => undefined);
        } catch (e) {
          print(`re-entering: ${ename(e)}`);
        }
        return a.get();
      };
      print(`run returns ${ctx.run(nested)}`);
      try {
        currentTask()!.getContext().run(() => undefined);
      } catch (e) {
        print(`entering the running task's context: ${ename(e)}`);
      }
      show(new Context(), "new Context()");
      print(`b default ${b.get()}, b.get(9) ${b.get(9)}`);
    }, virtual());
  });
});

describe("context variables: the map and the errors", () => {
  it("copies are O(1) snapshots: 2000 variables set in one context, 2000 copies, no set leaks into another", () => {
    const vars = Array.from({ length: 2000 }, (_, i) => new ContextVar<number>(`v${i}`));
    const ctx = new Context();
    ctx.run(() => vars.forEach((v, i) => v.set(i)));
    expect(ctx.size).toBe(2000);
    const copies = vars.map(() => ctx.copy());
    copies.forEach((c, i) => c.run(() => vars[i].set(-i - 1)));
    for (let i = 0; i < 2000; i++) {
      expect(ctx.get(vars[i])).toBe(i);
      expect(copies[i].get(vars[i])).toBe(-i - 1);
      expect(copies[i].get(vars[(i + 1) % 2000])).toBe((i + 1) % 2000);
      expect(copies[i].size).toBe(2000);
    }
    // reset back to MISSING removes the key; the map shrinks back to empty
    const c = new Context();
    const toks = c.run(() => vars.map((v, i) => v.set(i)));
    expect(c.size).toBe(2000);
    c.run(() => toks.reverse().forEach((t) => t.var.reset(t)));
    expect(c.size).toBe(0);
    expect([...c.keys()]).toEqual([]);
    expect(new Set(ctx.keys()).size).toBe(2000);
    expect([...ctx.values()].sort((x, y) => (x as number) - (y as number))).toEqual(vars.map((_, i) => i));
  });

  it("argument errors name the value", () => {
    expect(() => new ContextVar(3 as unknown as string)).toThrow(TypeError);
    expect(() => new ContextVar("x", { dflt: 1 } as any)).toThrow(/unknown option "dflt"/);
    const v = new ContextVar<number>("v");
    expect(() => v.reset({} as Token<number>)).toThrow(TypeError);
    expect(() => new Context().get({} as ContextVar<number>)).toThrow(TypeError);
    expect(() => new Context().run(3 as any)).toThrow(TypeError);
    expect(() => v.get()).toThrow(LookupError);
    expect(String(v)).toBe('<ContextVar name="v">');
  });

  it("createTask refuses a context that is not a Context, and starts nothing", async () => {
    let started = false;
    function* body() {
      started = true;
    }
    await run(function* () {
      const g = body();
      expect(() => createTask(g, { context: {} as Context })).toThrow(/context must be a Context/);
      yield* sleep(0);
    });
    expect(started).toBe(false);
  });

  it("a task created before any set gets its own empty context on first set (nothing leaks into the creator's)", async () => {
    const loop = newEventLoop();
    const v = new ContextVar<string>("late", { default: "none" });
    const seen: string[] = [];
    await loop.runUntilComplete(
      loop.createTask(function* () {
        const t = createTask(
          (function* () {
            v.set("child");
            yield* sleep(0);
            seen.push(v.get());
          })(),
        );
        yield* t;
        seen.push(v.get());
      }),
    );
    loop.close();
    expect(seen).toEqual(["child", "none"]);
    expect(v.get()).toBe("none");
  });
});
