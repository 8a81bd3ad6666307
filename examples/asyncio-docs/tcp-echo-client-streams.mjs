// Streams: the TCP echo client. Usage: node tcp-echo-client-streams.mjs [port]
// writer.write() takes bytes or a string (encoded as UTF-8); reader.read() gives a Uint8Array.
import { run, openConnection } from "wasyncio";

const port = Number(process.argv[2] ?? 8888);

function* tcpEchoClient(message) {
  const [reader, writer] = yield* openConnection("127.0.0.1", port);

  console.log(`Send: '${message}'`); // {message!r}
  writer.write(message);
  yield* writer.drain();

  const data = yield* reader.read(100);
  console.log(`Received: '${new TextDecoder().decode(data)}'`);

  console.log("Close the connection");
  writer.close();
  yield* writer.waitClosed();
}

await run(tcpEchoClient("Hello World!"));
