// Protocols: the UDP echo client. Usage: node udp-echo-client-protocol.mjs [port]
import { run, getRunningLoop } from "wasyncio";

const port = Number(process.argv[2] ?? 9999);

class EchoClientProtocol {
  constructor(message, onConLost) {
    this.message = message;
    this.onConLost = onConLost;
    this.transport = null;
  }

  connectionMade(transport) {
    this.transport = transport;
    console.log("Send:", this.message);
    this.transport.sendto(new TextEncoder().encode(this.message));
  }

  datagramReceived(data, addr) {
    console.log("Received:", new TextDecoder().decode(data));

    console.log("Close the socket");
    this.transport.close();
  }

  errorReceived(exc) {
    console.log("Error received:", exc.message);
  }

  connectionLost(exc) {
    console.log("Connection closed");
    this.onConLost.setResult(true);
  }
}

function* main() {
  const loop = getRunningLoop();
  const onConLost = loop.createFuture();
  const message = "Hello World!";

  const [transport] = yield* loop.createDatagramEndpoint(() => new EchoClientProtocol(message, onConLost), { remoteAddr: ["127.0.0.1", port] });

  try {
    yield* onConLost;
  } finally {
    transport.close();
  }
}

await run(main());
