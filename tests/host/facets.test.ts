// facets.test.ts: on a host without the I/O facets, every I/O call fails with the missingFacet
// error naming the host and the facet (host/host.ts), and nothing else breaks.

import { describe, expect, it } from "vitest";
import { NodeHost } from "../../host/node.js";
import { run, getRunningLoop, openConnection, openUnixConnection, startServer, startUnixServer, createSubprocessExec, toThread, sleep } from "../../ts/index.js";
import { nodeNet } from "../../host/node-net.js";

class BareHost extends NodeHost {
  readonly name = "bare";
  constructor() {
    super();
    for (const f of ["net", "process", "signals", "workers"] as const) (this as any)[f] = undefined;
  }
}

async function failure(body: () => Generator<unknown, unknown, unknown>): Promise<Error> {
  try {
    await run(body, { host: new BareHost() });
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

describe("missing facets", () => {
  it.each([
    ["net", "openConnection", () => openConnection("127.0.0.1", 1)],
    ["net", "startServer", () => startServer(function* () {}, "127.0.0.1", 0)],
    ["net", "createDatagramEndpoint", () => getRunningLoop().createDatagramEndpoint(() => ({}), {})],
    ["process", "createSubprocessExec", () => createSubprocessExec("true")],
    ["workers", "toThread", () => toThread("x.mjs", "f")],
  ] as const)("the %s facet: %s fails with an error naming the host and the facet", async (facet, _what, call) => {
    const e = await failure(function* () {
      yield* sleep(0);
      yield* (call as () => any)();
    });
    expect(e.name).toBe("NotSupportedError");
    expect(e.message).toContain(`'${facet}'`);
    expect(e.message).toContain("'bare'");
  });

  it("addSignalHandler on a host without signals names the 'signals' facet", async () => {
    const e = await failure(function* () {
      getRunningLoop().addSignalHandler("SIGUSR2", () => {});
    });
    expect(e.message).toContain("'signals'");
  });

  it.each([
    ["net.listen", "startServer", () => startServer(function* () {}, "127.0.0.1", 0)],
    ["net.listen", "startUnixServer", () => startUnixServer(function* () {}, "/tmp/never.sock")],
    ["net.unix", "openUnixConnection", () => openUnixConnection("/tmp/never.sock")],
    ["net.datagram", "createDatagramEndpoint", () => getRunningLoop().createDatagramEndpoint(() => ({}), {})],
  ] as const)("a net facet that lacks a part (workerd's: NetFacet.lacks): %s for %s", async (facet, _what, call) => {
    class ConnectOnly extends NodeHost {
      readonly name = "connect-only";
      net = { ...nodeNet, lacks: ["listen", "unix", "datagram"] as const };
    }
    let e: Error | null = null;
    try {
      await run(function* () { yield* (call as () => any)(); }, { host: new ConnectOnly() });
    } catch (err) {
      e = err as Error;
    }
    expect(e?.name).toBe("NotSupportedError");
    expect(e?.message).toContain(`'${facet}'`);
    expect(e?.message).toContain("'connect-only'");
  });
});
