// http-server.node.test.ts: examples/http-server.mjs, the HTTP/1.1 keep-alive server on streams,
// run as a user runs it (a child process on the built package) and driven by real clients:
// curl (keep-alive reuse, a POST body) and raw sockets that send garbage or stall mid-request.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";

let child: ChildProcess;
let port = 0;

beforeAll(async () => {
  child = spawn(process.execPath, ["examples/http-server.mjs", "0"], { env: { ...process.env, REQUEST_TIMEOUT_MS: "300" }, stdio: ["ignore", "pipe", "inherit"] });
  port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (c) => reject(new Error(`the example exited with ${c}`)));
  });
});
afterAll(() => {
  child?.kill();
});

/** Sends `data` on a fresh connection and returns what comes back until the server closes it. */
function raw(data: string, ms = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1", () => s.write(data));
    let got = "";
    s.on("data", (d) => (got += d));
    s.on("close", () => resolve(got));
    s.on("error", reject);
    setTimeout(() => {
      s.destroy();
      reject(new Error(`no close within ${ms} ms; got ${JSON.stringify(got)}`));
    }, ms).unref();
  });
}

it("curl: two requests on one kept-alive connection, and a POST echoed", () => {
  const out = execFileSync("curl", ["-sv", `http://127.0.0.1:${port}/hello`, `http://127.0.0.1:${port}/again`], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  expect(out).toBe("GET /hello\nGET /again\n");
  const verbose = execFileSync("sh", ["-c", `curl -sv http://127.0.0.1:${port}/a http://127.0.0.1:${port}/b 2>&1 >/dev/null`], { encoding: "utf8" });
  expect(verbose).toMatch(/Re-using existing connection/);
  expect(execFileSync("curl", ["-s", "--data", "posted body", `http://127.0.0.1:${port}/x`], { encoding: "utf8" })).toBe("posted body");
});

it("garbage gets a 400 and the connection closed; a client that stalls mid-request is dropped after the request timeout; the server goes on", async () => {
  expect(await raw("garbage\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  expect(await raw("GET / HTTP/1.1\r\nHost: x\r\n")).toBe(""); // never finishes its headers
  expect(await raw("GET /last HTTP/1.1\r\nConnection: close\r\n\r\n")).toMatch(/\r\n\r\nGET \/last\n$/);
});

it("HTTP/1.0 closes after the response unless the client asks for keep-alive; pipelined requests are answered in order", async () => {
  const one = await raw("GET /old HTTP/1.0\r\nHost: x\r\n\r\n");
  expect(one).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(one).toMatch(/\r\nConnection: close\r\n/);
  expect(one).toMatch(/\r\n\r\nGET \/old\n$/);
  // Three requests in one write: a kept-alive 1.0, a 1.1 with a body, then a 1.0 that closes.
  const three = await raw(
    "GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n" +
      "POST /b HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody" +
      "GET /c HTTP/1.0\r\n\r\n",
  );
  const bodies = three.split(/HTTP\/1\.1 200 OK\r\n/).slice(1).map((r) => r.slice(r.indexOf("\r\n\r\n") + 4));
  expect(bodies).toEqual(["GET /a\n", "body", "GET /c\n"]);
  expect(three.match(/Connection: (\S+)\r\n/g)).toEqual(["Connection: keep-alive\r\n", "Connection: keep-alive\r\n", "Connection: close\r\n"]);
  expect(await raw("GET / HTTP/1.1\r\nno colon here\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
});
