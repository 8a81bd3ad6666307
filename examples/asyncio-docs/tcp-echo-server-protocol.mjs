// Protocols: the TCP echo server, until it is killed. Usage: node tcp-echo-server-protocol.mjs [port]
// A protocol is any object with the callbacks it needs (connectionMade, dataReceived, ...).
// "Serving" (not in the docs' program) tells the test that the port is open.
import { run, getRunningLoop } from "wasyncio";

const port = Number(process.argv[2] ?? 8888);

class EchoServerProtocol {
  connectionMade(transport) {
    const peername = transport.getExtraInfo("peername");
    console.log(`Connection from ('${peername.address}', ${peername.port})`);
    this.transport = transport;
  }

  dataReceived(data) {
    const message = new TextDecoder().decode(data);
    console.log(`Data received: '${message}'`);

    console.log(`Send: '${message}'`);
    this.transport.write(data);

    console.log("Close the client socket");
    this.transport.close();
  }
}

function* main() {
  const loop = getRunningLoop();
  const server = yield* loop.createServer(() => new EchoServerProtocol(), "127.0.0.1", port);
  console.log("Serving");
  try {
    yield* server.serveForever();
  } finally {
    server.close();
  }
}

await run(main());
