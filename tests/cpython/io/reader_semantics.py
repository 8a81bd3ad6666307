# reader_semantics.py: StreamReader fed by hand (no sockets): what each read returns or raises.
# Mirrored by tests/ts/streams/streams.test.ts "StreamReader matches CPython 3.13".
import asyncio

def show(x):
    return repr(x)

async def main():
    def rd(limit=2**16, data=(), eof=True):
        r = asyncio.StreamReader(limit=limit)
        for d in data: r.feed_data(d)
        if eof: r.feed_eof()
        return r

    async def attempt(label, coro, r):
        try:
            v = await coro
            print(label, "ok", show(v), "left", len(r._buffer))
        except asyncio.IncompleteReadError as e:
            print(label, "IncompleteReadError", show(e.partial), e.expected, "left", len(r._buffer))
        except asyncio.LimitOverrunError as e:
            print(label, "LimitOverrunError", e.consumed, "left", len(r._buffer))
        except ValueError as e:
            print(label, "ValueError", "left", len(r._buffer))

    r = rd(data=[b"abc\nde"]); await attempt("readline1", r.readline(), r); await attempt("readline2", r.readline(), r); await attempt("readline3", r.readline(), r)
    r = rd(data=[b"abcdef"]); await attempt("readexactly", r.readexactly(10), r)
    r = rd(data=[b"abcdef"]); await attempt("readexactly0", r.readexactly(0), r)
    r = rd(data=[b"abcdef"]); await attempt("readuntil_eof", r.readuntil(b"X"), r)
    r = rd(limit=4, data=[b"abcdefgh"], eof=False); await attempt("readuntil_over", r.readuntil(b"\n"), r)
    r = rd(limit=4, data=[b"abcdefgh\n"]); await attempt("readuntil_found_over", r.readuntil(b"\n"), r)
    r = rd(limit=4, data=[b"abcdefgh\nxy\n"]); await attempt("readline_over", r.readline(), r); await attempt("readline_next", r.readline(), r)
    r = rd(limit=4, data=[b"abcdefgh"], eof=False); await attempt("readline_over_nosep", r.readline(), r)
    r = rd(data=[b"a--b==c"]); await attempt("multi1", r.readuntil((b"==", b"--")), r); await attempt("multi2", r.readuntil((b"==", b"--")), r)
    r = rd(data=[b"xx\r\nyy\n"]); await attempt("multi3", r.readuntil((b"\r\n", b"\n")), r)
    r = rd(data=[b"aaa--"]); await attempt("multi_short", r.readuntil((b"a--", b"--")), r)
    r = rd(limit=3, data=[b"ab", b"cd", b"ef"]); await attempt("read_all", r.read(), r)
    r = rd(data=[b"abcdef"]); await attempt("read2", r.read(2), r); await attempt("read0", r.read(0), r); await attempt("read_rest", r.read(100), r); await attempt("read_eof", r.read(5), r)
    r = rd(data=[]); print("at_eof", r.at_eof())
    r = rd(data=[b"x"]); print("at_eof_data", r.at_eof())
    r = rd(data=[b"l1\nl2\nl3"]); print("lines", [l async for l in r])
    e = asyncio.IncompleteReadError(b"x" * 18, 36); print("msg", str(e))
    e = asyncio.IncompleteReadError(b"x" * 3, None); print("msg", str(e))
    r = rd(data=[b"abc"]); r.set_exception(ConnectionResetError()); await attempt("after_exc", r.read(1), r) if False else None
    try:
        await r.read(1)
    except ConnectionResetError:
        print("after_exc ConnectionResetError")
    r = asyncio.StreamReader()
    async def waiter():
        return await r.read(1)
    t = asyncio.create_task(waiter()); await asyncio.sleep(0)
    try:
        await r.read(1)
    except RuntimeError:
        print("concurrent RuntimeError")
    r.feed_data(b"z"); print("first_reader_gets", await t)
    for bad in (0, -1):
        try:
            asyncio.StreamReader(limit=bad)
        except ValueError:
            print("limit", bad, "ValueError")

asyncio.run(main())
