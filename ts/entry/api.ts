// entry/api.ts: what every package entry exports: the façade's public API (ts/index.ts) and the
// host-neutral clocks of host/clock.ts. Entries are where the façade and the hosts meet; the
// façade itself imports only types from host/ (and the loader).
/**
 * asyncio for JavaScript: everything below is exported from the package root
 * (`import { run, sleep } from "wasyncio"`).
 * @module wasyncio
 */
export * from "../index.js";
export { VirtualClock, PerformanceClock } from "../../host/clock.js";
