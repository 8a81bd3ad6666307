# echo.py: the CPython 3.13 side of bench/echo.ts: N clients x M round trips of 64 bytes over
# asyncio streams, then over protocols. Prints {"streams": [wall_ms, cpu_ms], "protocols": [...]} as JSON.
import asyncio, json, sys, time

SIZE = 64

async def streams(clients, rounds):
    async def handle(r, w):
        while True:
            d = await r.read(65536)
            if not d: break
            w.write(d); await w.drain()
        w.close()
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async def client(i):
        r, w = await asyncio.open_connection("127.0.0.1", port)
        msg = bytes([33 + i % 90]) * SIZE
        ok = 0
        for _ in range(rounds):
            w.write(msg)
            back = await r.readexactly(SIZE)
            if back[0] == msg[0]: ok += 1
        w.close(); await w.wait_closed()
        return ok
    oks = await asyncio.gather(*(client(i) for i in range(clients)))
    server.close(); await server.wait_closed()
    return sum(oks)

async def protocols(clients, rounds):
    loop = asyncio.get_running_loop()
    class Echo(asyncio.Protocol):
        def connection_made(self, t): self.t = t
        def data_received(self, d): self.t.write(d)
    server = await loop.create_server(Echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    class Client(asyncio.Protocol):
        def __init__(self, i, done):
            self.msg = bytes([33 + i % 90]) * SIZE; self.done = done; self.got = 0; self.ok = 0; self.k = 0
        def connection_made(self, t): self.t = t; t.write(self.msg)
        def data_received(self, d):
            self.got += len(d)
            while self.got >= SIZE:
                self.got -= SIZE
                if d[0] == self.msg[0]: self.ok += 1
                self.k += 1
                if self.k == rounds: self.t.close(); return
                self.t.write(self.msg)
        def connection_lost(self, exc): self.done.set_result(self.ok)
    async def client(i):
        done = loop.create_future()
        await loop.create_connection(lambda: Client(i, done), "127.0.0.1", port)
        return await done
    oks = await asyncio.gather(*(client(i) for i in range(clients)))
    server.close(); await server.wait_closed()
    return sum(oks)

def measure(f, clients, rounds):
    assert asyncio.run(f(clients, max(1, rounds // 10))) == clients * max(1, rounds // 10)
    c0 = time.process_time()
    t0 = time.perf_counter()
    got = asyncio.run(f(clients, rounds))
    ms = (time.perf_counter() - t0) * 1000
    cpu = (time.process_time() - c0) * 1000
    assert got == clients * rounds, got
    return [ms, cpu]

clients, rounds = int(sys.argv[1]), int(sys.argv[2])
print(json.dumps({"streams": measure(streams, clients, rounds), "protocols": measure(protocols, clients, rounds)}))
