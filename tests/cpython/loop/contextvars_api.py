# The contextvars API itself: Token and reset (used twice, other var, other context), Context as
# a mapping, copy, run (and entering an entered context), get with defaults.
import asyncio
import contextvars
from _trace import run, ename

a = contextvars.ContextVar("a")
b = contextvars.ContextVar("b", default=0)


def show(ctx, label):
    items = sorted((k.name, v) for k, v in ctx.items())
    print(f"{label}: len={len(ctx)} items={items}")


async def main():
    t1 = a.set(1)
    print(f"token old value is MISSING: {t1.old_value is contextvars.Token.MISSING}, var is a: {t1.var is a}")
    t2 = a.set(2)
    print(f"second token old value {t2.old_value}")
    a.reset(t2)
    print(f"after reset a={a.get()}")
    try:
        a.reset(t2)
    except Exception as e:
        print(f"reset twice: {ename(e)}")
    try:
        b.reset(t1)
    except Exception as e:
        print(f"reset with another var's token: {ename(e)}")
    ctx = contextvars.copy_context()
    tok = ctx.run(a.set, 10)
    try:
        a.reset(tok)
    except Exception as e:
        print(f"reset in another context: {ename(e)}")
    a.reset(t1)
    try:
        a.get()
    except LookupError as e:
        print(f"after resetting to missing: {ename(e)}")
    show(ctx, "ctx")
    print(f"ctx has a: {a in ctx}, b: {b in ctx}, ctx.get(b, 5)={ctx.get(b, 5)}, ctx.get(a)={ctx.get(a)}")
    c2 = ctx.copy()
    c2.run(b.set, 7)
    show(ctx, "ctx after setting in the copy")
    show(c2, "copy")

    def nested():
        try:
            ctx.run(lambda: None)
        except Exception as e:
            print(f"re-entering: {ename(e)}")
        return a.get()

    print(f"run returns {ctx.run(nested)}")
    try:
        asyncio.current_task().get_context().run(lambda: None)
    except Exception as e:
        print(f"entering the running task's context: {ename(e)}")
    empty = contextvars.Context()
    show(empty, "new Context()")
    print(f"b default {b.get()}, b.get(9) {b.get(9)}")


run(main())
