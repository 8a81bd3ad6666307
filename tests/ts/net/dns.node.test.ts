// dns.node.test.ts: loop.getaddrinfo() / getnameinfo() (ts/net/dns.ts) give what CPython 3.13's
// do on this same machine (they depend on its resolver, /etc/hosts and /etc/services, so CPython
// runs here, live, rather than from a recording): addresses, families, socket types and
// protocols in order, the reverse lookup, and a coded error for a name that does not resolve.
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { run, getRunningLoop } from "../../../ts/index.js";

const PY = String.raw`
import asyncio, json, socket
async def main():
    loop = asyncio.get_running_loop()
    fam = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6"}
    kind = {socket.SOCK_STREAM: "stream", socket.SOCK_DGRAM: "dgram", socket.SOCK_RAW: "raw"}
    def rows(r): return [[fam[f], kind[t], p, c, a[0], a[1]] for f, t, p, c, a in r]
    out = {}
    out["numeric"] = rows(await loop.getaddrinfo("127.0.0.1", 80))
    out["stream"] = rows(await loop.getaddrinfo("localhost", 8080, type=socket.SOCK_STREAM, family=socket.AF_INET))
    out["udp6"] = rows(await loop.getaddrinfo("::1", "53", proto=17))
    out["name"] = list(await loop.getnameinfo(("127.0.0.1", 22)))
    try:
        await loop.getaddrinfo("no-such-host.invalid", 80)
        out["missing"] = "resolved?"
    except socket.gaierror:
        out["missing"] = "error"
    print(json.dumps(out))
asyncio.run(main())
`;

it("getaddrinfo / getnameinfo as CPython 3.13 on this machine (#11)", async () => {
  const want = JSON.parse(execFileSync("python3", ["-c", PY], { env: { ...process.env, PYENV_VERSION: "3.13.0" }, encoding: "utf8" }));
  const got = await run(function* () {
    const loop = getRunningLoop();
    const rows = (r: { family: string; type: string; proto: number; canonname: string; address: string; port: number }[]) =>
      r.map((a) => [a.family, a.type, a.proto, a.canonname, a.address, a.port]);
    const out: Record<string, unknown> = {};
    out.numeric = rows(yield* loop.getaddrinfo("127.0.0.1", 80));
    out.stream = rows(yield* loop.getaddrinfo("localhost", 8080, { type: "stream", family: 4 }));
    out.udp6 = rows(yield* loop.getaddrinfo("::1", "53", { proto: 17 }));
    out.name = yield* loop.getnameinfo(["127.0.0.1", 22]);
    try {
      yield* loop.getaddrinfo("no-such-host.invalid", 80);
      out.missing = "resolved?";
    } catch (e) {
      out.missing = typeof (e as { code?: unknown }).code === "string" ? "error" : String(e);
    }
    return out;
  });
  expect(got).toEqual(want);
});

it("getaddrinfo's argument errors arrive at the await; a bad option is named", async () => {
  const errs = await run(function* () {
    const loop = getRunningLoop();
    const out: string[] = [];
    for (const op of [loop.getaddrinfo(1 as any, 80), loop.getaddrinfo("h", 70000), loop.getaddrinfo("h", 1, { nope: 1 } as any), loop.getnameinfo(5 as any)]) {
      try {
        yield* op;
        out.push("ok");
      } catch (e) {
        out.push((e as Error).name);
      }
    }
    return out;
  });
  expect(errs).toEqual(["TypeError", "RangeError", "TypeError", "TypeError"]);
});
