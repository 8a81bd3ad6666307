# worker.capnp: workerd's config for worker.mjs: the Worker (bundled by esbuild into out/, with
# the core.wasm it imports listed as a Wasm module) and the "prices" service it is bound to.
# Serve with `npx workerd serve examples/hosts/worker.capnp` (http://127.0.0.1:8787/).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .quoteWorker),
    (name = "prices", worker = .pricesWorker),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const quoteWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "out/worker.js"),
    (name = "core.wasm", wasm = embed "out/core.wasm"),
  ],
  bindings = [(name = "PRICES", service = "prices")],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
);

const pricesWorker :Workerd.Worker = (
  modules = [(name = "backend.js", esModule = embed "worker-backend.mjs")],
  compatibilityDate = "2025-09-01",
);
