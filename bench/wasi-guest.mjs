// wasi-guest.mjs: the benchmark guest of bench/wasi.mjs: the workloads of bench/wasi-workloads.mjs
// inside a WASI preview2 component, timed on wasi:clocks/monotonic-clock (host.clock). WASI_BENCH
// (environment) picks "none" (start-up only), "spawn" or "sleep"; it prints one JSON line.
import * as api from "wasyncio/wasi";
import { workloads } from "./wasi-workloads.mjs";

const command = {
  async run() {
    const which = api.host.env("WASI_BENCH") ?? "none";
    const { timed } = workloads(api, Number(api.host.env("WASI_N") ?? 100_000));
    console.log(JSON.stringify(await timed(which, () => api.host.clock.now())));
  },
};
export { command as run };
