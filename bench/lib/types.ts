// Shared shapes of the benchmark harness.

/** Column ids, in table order. "plain" is the baseline of every timed workload. */
export type PeerId = "plain" | "wasyncio" | "effect" | "effection" | "lib" | "python";
export const PEER_ORDER: PeerId[] = ["plain", "wasyncio", "effect", "effection", "lib", "python"];
export const PEER_TITLES: Record<PeerId, string> = {
  plain: "plain / hand-written (baseline)",
  wasyncio: "wasyncio",
  effect: "Effect v4",
  effection: "Effection v4",
  lib: "async-mutex / async-sema",
  python: "CPython 3.13 asyncio",
};

export interface Ctx {
  quick: boolean;
  /** Looks up wasyncio exports; throws (so the cell reads "n/a (error: …)") when missing. */
  need(...names: string[]): any;
}

export interface Peer {
  id: PeerId;
  /** What exactly this peer runs, e.g. "async-mutex Mutex". */
  label: string;
  /** Runs the workload once; resolves to the check value compared against `expected`. */
  run(): Promise<unknown>;
}

export interface TimedFamily {
  kind: "timed";
  id: string;
  title: string;
  /** Parameters, shown in the table and passed to the Python program as JSON. */
  params: Record<string, number>;
  expected: unknown;
  /** A run faster than this cannot have done the work (e.g. sleeps not honoured). */
  minMs?: number;
  peers: Peer[];
  /** bench/python/<script>.py; gets the same params. */
  python?: string;
}

export interface Checkpoint {
  tasks: number;
  ms: number;
  heapUsedMB: number;
  rssMB: number;
}

export interface MemPeer {
  id: PeerId;
  label: string;
  run(): Promise<{ sum: number; checkpoints: Checkpoint[] }>;
}

export interface MemoryFamily {
  kind: "memory";
  id: string;
  title: string;
  params: Record<string, number>;
  expected: number;
  peers: MemPeer[];
}

export type Family = TimedFamily | MemoryFamily;
