// Protocols: the UDP echo server, for an hour or until it is killed.
// Usage: node udp-echo-server-protocol.mjs [port]. "Listening" (not in the docs' program)
// tells the test that the port is bound.
import { run, sleep, getRunningLoop } from "wasyncio";

const port = Number(process.argv[2] ?? 9999);
const tuple = (a) => `('${a.address}', ${a.port})`;

class EchoServerProtocol {
  connectionMade(transport) {
    this.transport = transport;
  }

  datagramReceived(data, addr) {
    const message = new TextDecoder().decode(data);
    console.log(`Received '${message}' from ${tuple(addr)}`);
    console.log(`Send '${message}' to ${tuple(addr)}`);
    this.transport.sendto(data, addr);
  }
}

function* main() {
  console.log("Starting UDP server");
  const loop = getRunningLoop();
  // One protocol instance serves all the clients.
  const [transport] = yield* loop.createDatagramEndpoint(() => new EchoServerProtocol(), { localAddr: ["127.0.0.1", port] });
  console.log("Listening");
  try {
    yield* sleep(3600_000); // serve for an hour
  } finally {
    transport.close();
  }
}

await run(main());
