// Streams: the TCP echo server, until it is killed. Usage: node tcp-echo-server-streams.mjs [port]
// getExtraInfo("peername") and server.sockets give { address, port, family } objects; the
// program prints them as Python prints its (host, port) tuples.
import { run, startServer } from "wasyncio";

const port = Number(process.argv[2] ?? 8888);
const tuple = (a) => `('${a.address}', ${a.port})`;

function* handleEcho(reader, writer) {
  const data = yield* reader.read(100);
  const message = new TextDecoder().decode(data);
  const addr = writer.getExtraInfo("peername");

  console.log(`Received '${message}' from ${tuple(addr)}`);

  console.log(`Send: '${message}'`);
  writer.write(data);
  yield* writer.drain();

  console.log("Close the connection");
  writer.close();
  yield* writer.waitClosed();
}

function* main() {
  const server = yield* startServer(handleEcho, "127.0.0.1", port);

  const addrs = server.sockets.map(tuple).join(", ");
  console.log(`Serving on ${addrs}`);

  // `async with server:` closes the server when the block ends.
  try {
    yield* server.serveForever();
  } finally {
    server.close();
    yield* server.waitClosed();
  }
}

await run(main());
