# sendfile.py: loop.sendfile(transport, file, offset, count) to a real TCP peer on loopback: the
# bytes and counts received, the transport's protocol and reading restored afterwards, and the
# argument and transport errors. (asyncio's TCP transports take the native os.sendfile path;
# wasyncio's read and write in chunks, asyncio's fallback; the results are the same.)
# Mirrored by tests/ts/net/sendfile.test.ts.
import asyncio, os, tempfile

SIZE = 100_000
DATA = bytes((i * 7) % 256 for i in range(SIZE))


async def main():
    loop = asyncio.get_running_loop()
    received = asyncio.Queue()

    async def collect(r, w):
        await received.put(await r.read())
        w.close()

    srv = await asyncio.start_server(collect, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    fd, path = tempfile.mkstemp()
    os.write(fd, DATA)
    os.close(fd)
    with open(path, "rb") as f:
        for offset, count in [(0, None), (1000, 5000), (99_990, 100), (200_000, None), (0, 2 * 16384 + 1)]:
            r, w = await asyncio.open_connection("127.0.0.1", port)
            proto = w.transport.get_protocol()
            n = await loop.sendfile(w.transport, f, offset, count)
            restored = w.transport.get_protocol() is proto and w.transport.is_reading()
            w.write_eof()
            got = await received.get()
            end = SIZE if count is None else offset + count
            print(f"offset={offset} count={count}: sent {n}, received {len(got)}, exact {got == DATA[offset:end]}, restored {restored}")
            w.close()
            await w.wait_closed()
        r, w = await asyncio.open_connection("127.0.0.1", port)
        for offset, count in [(-1, None), (1.5, None), (0, 0), (0, -5), (0, "x")]:
            try:
                await loop.sendfile(w.transport, f, offset, count)
                print("no error?")
            except (ValueError, TypeError) as e:
                print(f"offset={offset!r} count={count!r}: {type(e).__name__}")
        w.close()
        try:
            await loop.sendfile(w.transport, f)
        except RuntimeError as e:
            print("closing transport:", type(e).__name__, e)
        await w.wait_closed()
        await received.get()
        dt, _ = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, local_addr=("127.0.0.1", 0))
        try:
            await loop.sendfile(dt, f)
        except RuntimeError as e:
            print("datagram transport:", type(e).__name__, str(e).split(" <")[0])
        dt.close()
    os.unlink(path)
    srv.close()
    await srv.wait_closed()


asyncio.run(main())
