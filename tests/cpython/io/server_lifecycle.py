# server_lifecycle.py: Server's states and errors (base_events.py Server, 3.13).
# Mirrored by tests/ts/net/server.node.test.ts.
import asyncio

async def main():
    async def cb(r, w):
        await r.read()
        w.close()
    srv = await asyncio.start_server(cb, "127.0.0.1", 0, start_serving=False)
    print("serving before", srv.is_serving())
    await srv.start_serving(); await srv.start_serving()
    print("serving after", srv.is_serving(), "sockets", len(srv.sockets))
    t = asyncio.create_task(srv.serve_forever())
    await asyncio.sleep(0)
    try:
        await srv.serve_forever()
    except RuntimeError:
        print("second serve_forever RuntimeError")
    r, w = await asyncio.open_connection("127.0.0.1", srv.sockets[0].getsockname()[1])
    await asyncio.sleep(0.01)
    t.cancel()
    await asyncio.sleep(0.01)
    print("serve_forever task done", t.done(), "serving", srv.is_serving(), "sockets", len(srv.sockets))
    w.close()
    try:
        await t
    except asyncio.CancelledError:
        print("serve_forever cancelled")
    try:
        await srv.serve_forever()
    except RuntimeError:
        print("closed serve_forever RuntimeError")
    await srv.wait_closed(); print("wait_closed after close returns")
    srv.close(); print("close twice ok")

asyncio.run(main())
