import { describe, it, expect } from "vitest";
import { run, sleep, taskGroup, timeout, TimeoutError, createTask, gather } from "../../ts/index.js";

describe("smoke", () => {
  it("runs the README example", async () => {
    const log: unknown[] = [];
    function* fetchOne(i: number) {
      yield* sleep(10 * i);
      return i * i;
    }
    function* main() {
      const tasks = yield* taskGroup(function* (tg) {
        return [1, 2, 3].map((i) => tg.createTask(fetchOne(i)));
      });
      log.push(tasks.map((t) => t.result()));
      try {
        yield* timeout(50, function* () {
          yield* sleep(1000);
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        log.push("timeout");
      }
      return "done";
    }
    expect(await run(main())).toBe("done");
    expect(log).toEqual([[1, 4, 9], "timeout"]);
  });

  it("gathers async functions and generators", async () => {
    const r = await run(function* () {
      const a = createTask(async () => {
        await sleep(5);
        return "a";
      });
      return yield* gather(a, (function* () { yield* sleep(1); return "b"; })());
    });
    expect(r).toEqual(["a", "b"]);
  });
});
