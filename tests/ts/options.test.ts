// options.test.ts: every options object is checked (#11 item 5): an unknown key is a TypeError
// naming it (asyncio: "got an unexpected keyword argument"), never ignored, and nothing was done.
import { describe, expect, it } from "vitest";
import {
  run, Runner, newEventLoop, createTask, taskGroup, Queue, PriorityQueue, wait, asCompleted, gather, sleep, WorkerPool,
  openConnection, startServer, getRunningLoop, createSubprocessExec,
} from "../../ts/index.js";
import { VirtualClock } from "../../host/clock.js";

const bad = { nosuchOption: 1 };
const named = /unknown option "nosuchOption"/;

describe("options objects", () => {
  it.each([
    ["run()", () => run(function* () {}, bad as any)],
    ["Runner()", () => new Runner(bad as any)],
    ["newEventLoop()", () => newEventLoop(bad as any)],
    ["Queue()", () => new Queue(bad as any)],
    ["PriorityQueue()", () => new PriorityQueue({ maxsize: 1, ...bad } as any)],
    ["VirtualClock()", () => new VirtualClock(bad as any)],
    ["WorkerPool()", () => new WorkerPool(2, bad as any)],
  ])("%s refuses an unknown key, naming it", async (_what, f) => {
    let err: unknown;
    try {
      await f();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TypeError);
    expect(String(err)).toMatch(named);
  });

  it("inside a loop: createTask, TaskGroup.createTask, wait, asCompleted, gather, streams and subprocesses refuse unknown keys; no task starts", async () => {
    const out: string[] = [];
    let started = 0;
    function* child() {
      started++;
      yield* sleep(1);
    }
    await run(function* () {
      const t = createTask(child());
      const attempts: [string, () => unknown][] = [
        ["createTask", () => createTask(child(), bad as any)],
        ["loop.createTask", () => getRunningLoop().createTask(child(), bad as any)],
        ["asCompleted", () => asCompleted([t], bad as any)],
        ["gather", () => gather(child(), { returnExceptions: true, ...bad } as any)],
      ];
      for (const [what, f] of attempts) {
        try {
          f();
          out.push(`${what}: accepted`);
        } catch (e) {
          out.push(`${what}: ${e instanceof TypeError && named.test(String(e)) ? "TypeError" : String(e)}`);
        }
      }
      for (const [what, op] of [
        ["wait", () => wait([t], bad as any)],
        ["taskGroup", () => taskGroup(function* (tg) { tg.createTask(child(), bad as any); })],
        ["openConnection", () => openConnection("127.0.0.1", 1, bad as any)],
        ["openConnection ssl+tls", () => openConnection("127.0.0.1", 1, { ssl: true, tls: true })],
        ["startServer", () => startServer(function* () {}, "127.0.0.1", 0, bad as any)],
        ["createSubprocessExec", () => createSubprocessExec("true", [], bad as any)],
      ] as const) {
        try {
          yield* op();
          out.push(`${what}: accepted`);
        } catch (e) {
          const err = e instanceof AggregateError ? e.errors[0] : e;
          out.push(`${what}: ${err instanceof TypeError && /unknown option "nosuchOption"|not both/.test(String(err)) ? "TypeError" : String(err)}`);
        }
      }
      yield* t;
    });
    expect(out).toEqual([
      "createTask: TypeError", "loop.createTask: TypeError", "asCompleted: TypeError", "gather: TypeError",
      "wait: TypeError", "taskGroup: TypeError", "openConnection: TypeError", "openConnection ssl+tls: TypeError", "startServer: TypeError", "createSubprocessExec: TypeError",
    ]);
    expect(started).toBe(1); // only t ran: no refused child started
  });
});
