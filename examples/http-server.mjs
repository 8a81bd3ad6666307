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

/** `METHOD /path HTTP/1.x` and its CRLF, at the start of the header block (sticky: matched at lastIndex). */
const REQUEST_LINE = /([A-Z]+) (\S+) HTTP\/1\.([01])\r\n/y;

/**
 * Reads one request: { method, path, version, headers, body }, or null at a clean end of the
 * connection. Header names are lower-cased; the block is scanned line by line with indexOf
 * (a split() into an array of lines and a trim() of every name took ~2.4x as long per request).
 */
function* readRequest(reader) {
  let head;
  try {
    head = dec.decode(yield* reader.readuntil("\r\n\r\n"));
  } catch (e) {
    if (e instanceof IncompleteReadError && e.partial.length === 0) return null; // closed between requests
    throw e;
  }
  REQUEST_LINE.lastIndex = 0;
  const m = REQUEST_LINE.exec(head);
  if (!m) throw new SyntaxError(`bad request line: ${JSON.stringify(head.slice(0, Math.min(80, head.indexOf("\r\n"))))}`);
  const headers = new Map();
  const end = head.length - 2; // the CRLF of the empty line that ends the block
  for (let at = REQUEST_LINE.lastIndex; at < end; ) {
    const eol = head.indexOf("\r\n", at);
    const colon = head.indexOf(":", at);
    if (colon <= at || colon > eol) throw new SyntaxError(`bad header: ${JSON.stringify(head.slice(at, Math.min(eol, at + 80)))}`);
    headers.set(head.slice(at, colon).toLowerCase(), head.slice(colon + 1, eol).trim());
    at = eol + 2;
  }
  const length = Number(headers.get("content-length") ?? 0);
  if (!Number.isSafeInteger(length) || length < 0) throw new SyntaxError("bad Content-Length");
  const body = length ? yield* reader.readexactly(length) : new Uint8Array(0);
  return { method: m[1], path: m[2], version: m[3] === "1" ? "1.1" : "1.0", headers, body };
}

/** HTTP/1.1 keeps the connection unless the client says close; HTTP/1.0 only if it asks. */
function keepsAlive(req) {
  const c = req.headers.get("connection")?.toLowerCase();
  return req.version === "1.1" ? c !== "close" : c === "keep-alive";
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
      const keepAlive = keepsAlive(req);
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
