// An HTTP/1.1 keep-alive server written on wasyncio's streams, as one would on asyncio's: each
// connection is a task that reads requests one after another (the header block with readuntil
// inside a per-request timeout, a Content-Length body with readexactly) and answers each;
// a client that stalls mid-request is dropped when its timeout expires, one that sends garbage
// gets a 400, and neither disturbs the others.
//
//   node examples/http-server.mjs [port]        (after `npm run build`; port 0: any free one)
//   curl -s http://127.0.0.1:PORT/hello http://127.0.0.1:PORT/again   (one connection, two requests)
//
// Environment: REQUEST_TIMEOUT_MS (default 10000), the time a request may take to arrive.
import { run, startServer, timeout, TimeoutError, IncompleteReadError, LimitOverrunError } from "wasyncio";

const REQUEST_TIMEOUT_MS = Number(process.env.REQUEST_TIMEOUT_MS ?? 10_000);
const dec = new TextDecoder();
const enc = new TextEncoder();

/** Reads one request: { method, path, headers, body }, or null at a clean end of the connection. */
function* readRequest(reader) {
  let head;
  try {
    head = dec.decode(yield* reader.readuntil("\r\n\r\n"));
  } catch (e) {
    if (e instanceof IncompleteReadError && e.partial.length === 0) return null; // closed between requests
    throw e;
  }
  const [requestLine, ...lines] = head.slice(0, -4).split("\r\n");
  const m = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(requestLine);
  if (!m) throw new SyntaxError(`bad request line: ${JSON.stringify(requestLine.slice(0, 80))}`);
  const headers = new Map();
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i <= 0) throw new SyntaxError(`bad header: ${JSON.stringify(line.slice(0, 80))}`);
    headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const length = Number(headers.get("content-length") ?? 0);
  if (!Number.isSafeInteger(length) || length < 0) throw new SyntaxError("bad Content-Length");
  const body = length ? yield* reader.readexactly(length) : new Uint8Array(0);
  return { method: m[1], path: m[2], headers, body };
}

function respond(writer, status, text, body, keepAlive) {
  const bytes = typeof body === "string" ? enc.encode(body) : body;
  // Head and body as one write: one send() on the socket instead of two (asyncio joins them too).
  writer.writelines([
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${bytes.length}\r\n` +
      `Connection: ${keepAlive ? "keep-alive" : "close"}\r\n\r\n`,
    bytes,
  ]);
}

/** One connection: requests until the client closes, asks to close, stalls or misbehaves. */
export function* handle(reader, writer) {
  try {
    for (;;) {
      let req;
      try {
        req = yield* timeout(REQUEST_TIMEOUT_MS, readRequest.bind(null, reader));
      } catch (e) {
        if (e instanceof TimeoutError) break; // a stalled client is dropped
        if (e instanceof SyntaxError || e instanceof LimitOverrunError || e instanceof IncompleteReadError) {
          respond(writer, 400, "Bad Request", "bad request\n", false);
          break;
        }
        throw e;
      }
      if (req === null) break;
      const keepAlive = req.headers.get("connection")?.toLowerCase() !== "close";
      const reply = req.method === "POST" ? req.body : `${req.method} ${req.path}\n`;
      respond(writer, 200, "OK", reply, keepAlive);
      yield* writer.drain();
      if (!keepAlive) break;
    }
  } finally {
    writer.close();
  }
}

export function* serve(port, ready) {
  const server = yield* startServer(handle, "127.0.0.1", port);
  ready(server.sockets[0].port);
  yield* server.serveForever();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run(serve(Number(process.argv[2] ?? 8080), (port) => console.log(`listening on http://127.0.0.1:${port}/`)));
}
