# Protocols: the UDP echo server (for an hour, or until it is killed).
import asyncio
from _scale import port


class EchoServerProtocol:
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        message = data.decode()
        print('Received %r from %s' % (message, addr))
        print('Send %r to %s' % (message, addr))
        self.transport.sendto(data, addr)


async def main():
    print("Starting UDP server", flush=True)
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(
        lambda: EchoServerProtocol(), local_addr=('127.0.0.1', port(9999)))
    print("Listening", flush=True)
    try:
        await asyncio.sleep(3600)
    finally:
        transport.close()

asyncio.run(main())
