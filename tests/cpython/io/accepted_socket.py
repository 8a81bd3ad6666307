# accepted_socket.py: loop.connect_accepted_socket takes over a socket accepted elsewhere, after
# an HTTP/1.1 upgrade handshake done on it by other code (here sock_accept/sock_recv; in
# wasyncio's twin node:http's 'upgrade' event). The bytes read past the request head are handed
# to the protocol first (asyncio: by the program; wasyncio: the `head` option). The protocol
# echoes upper-cased; its callbacks are printed in order at the end.
# Mirrored by tests/ts/net/accepted.node.test.ts.
import asyncio, socket


class Upper(asyncio.Protocol):
    def __init__(self, log, head):
        self.log, self.head, self.n = log, head, 0

    def connection_made(self, t):
        self.t = t
        self.log.append(f"connection_made peer is loopback: {t.get_extra_info('peername')[0] == '127.0.0.1'}")
        self.data_received(self.head)

    def data_received(self, d):
        self.n += len(d)
        self.t.write(d.upper())

    def eof_received(self):
        self.log.append(f"eof_received after {self.n} bytes")
        self.t.write(b"|bye")
        self.t.close()

    def connection_lost(self, exc):
        self.log.append(f"connection_lost {exc!r}")


async def main():
    loop = asyncio.get_running_loop()
    lsock = socket.create_server(("127.0.0.1", 0))
    lsock.setblocking(False)
    port = lsock.getsockname()[1]

    async def client():
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(b"GET /echo HTTP/1.1\r\nHost: localhost\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nhead bytes|")
        print("client status:", (await r.readuntil(b"\r\n\r\n")).split(b"\r\n")[0])
        print("client got:", await r.readexactly(11))
        w.write(b"more")
        w.write_eof()
        print("client rest:", await r.read())
        w.close()
        await w.wait_closed()

    ct = asyncio.create_task(client())
    conn, _ = await loop.sock_accept(lsock)
    data = b""
    while b"\r\n\r\n" not in data:
        data += await loop.sock_recv(conn, 4096)
    request, head = data.split(b"\r\n\r\n", 1)
    print("server request:", request.split(b"\r\n")[0])
    await loop.sock_sendall(conn, b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
    log = []
    t, p = await loop.connect_accepted_socket(lambda: Upper(log, head), conn)
    await ct
    await asyncio.sleep(0.05)
    for line in log:
        print(" ", line)
    lsock.close()


asyncio.run(main())
