// Protocols: the TCP echo client; it waits (on a Future) until the server closes the connection.
// Usage: node tcp-echo-client-protocol.mjs [port]
import { run, getRunningLoop } from "wasyncio";

const port = Number(process.argv[2] ?? 8888);

class EchoClientProtocol {
  constructor(message, onConLost) {
    this.message = message;
    this.onConLost = onConLost;
  }

  connectionMade(transport) {
    transport.write(new TextEncoder().encode(this.message)); // a transport takes bytes only
    console.log(`Data sent: '${this.message}'`);
  }

  dataReceived(data) {
    console.log(`Data received: '${new TextDecoder().decode(data)}'`);
  }

  connectionLost(exc) {
    console.log("The server closed the connection");
    this.onConLost.setResult(true);
  }
}

function* main() {
  const loop = getRunningLoop();
  const onConLost = loop.createFuture();
  const message = "Hello World!";

  const [transport] = yield* loop.createConnection(() => new EchoClientProtocol(message, onConLost), "127.0.0.1", port);

  // Wait until the protocol signals that the connection is lost and close the transport.
  try {
    yield* onConLost;
  } finally {
    transport.close();
  }
}

await run(main());
