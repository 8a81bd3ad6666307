# protocol_order.py: the order of protocol callbacks on both ends of a TCP connection, and what
# create_connection's waiter sees. Mirrored by tests/ts/net/transports.test.ts.
import asyncio

log = []

class Server(asyncio.Protocol):
    def connection_made(self, t):
        self.t = t; log.append("S CM")
    def data_received(self, d):
        log.append(f"S DR {d!r}"); self.t.write(d.upper())
    def eof_received(self):
        log.append("S ER"); self.t.write(b"bye")
        return None  # falsy: the transport closes itself
    def connection_lost(self, exc):
        log.append(f"S CL {exc!r}"); done.set_result(None)

class Client(asyncio.Protocol):
    def connection_made(self, t):
        log.append("C CM")
    def data_received(self, d):
        log.append(f"C DR {d!r}")
    def eof_received(self):
        log.append("C ER"); return True
    def connection_lost(self, exc):
        log.append(f"C CL {exc!r}"); cdone.set_result(None)

async def main():
    global done, cdone
    loop = asyncio.get_running_loop()
    done = loop.create_future(); cdone = loop.create_future()
    srv = await loop.create_server(Server, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    t, p = await loop.create_connection(Client, "127.0.0.1", port)
    log.append("C connected")
    print("limits", t.get_write_buffer_limits(), "size", t.get_write_buffer_size())
    t.set_write_buffer_limits(high=100); print("high=100", t.get_write_buffer_limits())
    t.set_write_buffer_limits(low=10); print("low=10", t.get_write_buffer_limits())
    t.set_write_buffer_limits(); print("default", t.get_write_buffer_limits())
    for args in ((10, 20), (None, -1)):
        try:
            t.set_write_buffer_limits(*args)
        except ValueError:
            print("limits", args, "ValueError")
    print("is_reading", t.is_reading()); t.pause_reading(); t.pause_reading(); print("paused", t.is_reading()); t.resume_reading(); t.resume_reading(); print("resumed", t.is_reading())
    print("can_write_eof", t.can_write_eof())
    try:
        t.write("str")
    except TypeError:
        print("write str TypeError")
    t.write(b"")
    t.write(b"hello")
    await asyncio.sleep(0.05)
    t.write_eof()
    try:
        t.write(b"x")
    except RuntimeError:
        print("write after write_eof RuntimeError")
    await done
    await asyncio.sleep(0.05)
    if not cdone.done():
        log.append("C still open (half-closed both ways)")
        t.close(); await cdone
    print("is_closing", t.is_closing())
    srv.close(); await srv.wait_closed()
    for l in log: print(l)

asyncio.run(main())
