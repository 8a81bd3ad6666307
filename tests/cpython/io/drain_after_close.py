# drain_after_close.py: drain() and write() after close(). Mirrored by tests/ts/streams/streams.test.ts.
import asyncio
async def main():
    async def cb(r, w): await r.read(); w.close()
    srv = await asyncio.start_server(cb, "127.0.0.1", 0)
    r, w = await asyncio.open_connection("127.0.0.1", srv.sockets[0].getsockname()[1])
    w.write(b"x"); w.close()
    try:
        await w.drain(); print("drain after close ok")
    except ConnectionResetError as e:
        print("drain after close", type(e).__name__, e)
    w.write(b"y"); print("write after close ignored")
    await w.wait_closed(); print("wait_closed ok")
    srv.close(); await srv.wait_closed()
asyncio.run(main())
