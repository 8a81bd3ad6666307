// worker.mjs: the contract suite's Worker under workerd (scripts/contract.mjs). Its modules are the
// test bundles; POST /run with { index, skips, config } runs one file in that request and answers
// its results as JSON. Every file runs in its own request, as a Worker's code runs in production:
// timers, Wasm instances and sockets are made at request time.
export function serve(loaders) {
  return {
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === "/ping") return new Response("pong");
      if (url.pathname !== "/run") return new Response("not found", { status: 404 });
      const { index, skips, config } = await request.json();
      globalThis.__contractConfig = config;
      const skip = (name) => skips.find((s) => name === s.test || name.startsWith(`${s.test} > `))?.reason;
      let results;
      try {
        const m = await loaders[index]();
        results = await m.run({ skip });
      } catch (e) {
        results = [{ name: "(the file did not load)", state: "failed", ms: 0, error: e instanceof Error ? (e.stack ?? String(e)) : String(e) }];
      }
      return Response.json(results);
    },
  };
}
