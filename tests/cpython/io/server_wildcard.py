# server_wildcard.py: start_server(cb, None | "", port) listens on every wildcard address
# getaddrinfo(None, port, AI_PASSIVE) gives: 0.0.0.0 and, where the host has IPv6, :: (IPV6_V6ONLY,
# a socket each; port 0 binds each on a port of its own). Server.sockets lists each; asyncio keeps
# them in a set, so they are printed sorted. Mirrored by tests/ts/net/server.node.test.ts.
import asyncio, socket


async def main():
    async def echo(r, w):
        w.write(await r.readline())
        await w.drain()
        w.close()

    for host in (None, ""):
        srv = await asyncio.start_server(echo, host, 0)
        print(repr(host), sorted((s.family.name, s.getsockname()[0]) for s in srv.sockets))
        for s in sorted(srv.sockets, key=lambda s: s.family):
            peer = "127.0.0.1" if s.family == socket.AF_INET else "::1"
            r, w = await asyncio.open_connection(peer, s.getsockname()[1])
            w.write(f"hi {peer}\n".encode())
            print(" ", (await r.readline()).decode().strip())
            w.close()
            await w.wait_closed()
        srv.close()
        await srv.wait_closed()
    probe = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = probe.sockets[0].getsockname()[1]
    probe.close()
    await probe.wait_closed()
    srv = await asyncio.start_server(echo, None, port)
    print("a given port: each socket on it:", all(s.getsockname()[1] == port for s in srv.sockets), len(srv.sockets))
    srv.close()
    await srv.wait_closed()


asyncio.run(main())
