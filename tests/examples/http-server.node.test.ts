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
