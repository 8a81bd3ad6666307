// Streams: print the headers of an HTTP response. Usage: node http-headers.mjs URL
// (https:// connects with TLS on port 443, as the docs' program does).
import { run, openConnection } from "wasyncio";

function* printHttpHeaders(url) {
  url = new URL(url);
  const [reader, writer] = url.protocol === "https:"
    ? yield* openConnection(url.hostname, 443, { tls: true })
    : yield* openConnection(url.hostname, Number(url.port || 80));

  const query = `HEAD ${url.pathname || "/"} HTTP/1.0\r\nHost: ${url.hostname}\r\n\r\n`;

  writer.write(new TextEncoder().encode(query)); // ASCII here, so UTF-8 = latin-1
  while (true) {
    const line = yield* reader.readline();
    if (line.length === 0) break; // EOF

    const text = new TextDecoder("latin1").decode(line).trimEnd();
    if (text) console.log(`HTTP header> ${text}`);
  }

  // Ignore the body, close the socket.
  writer.close();
  yield* writer.waitClosed();
}

await run(printHttpHeaders(process.argv[2]));
