import { describe, it, expect } from "vitest";
import { run, createTask, sleep, taskGroup, formatTaskTree, dumpTasks, getRunningLoop } from "../../ts/index.js";

describe("dumpTasks / formatTaskTree", () => {
  it("shows live tasks nested under their creators, with what they await", async () => {
    const tree = await run(function* () {
      return yield* taskGroup(function* (tg) {
        tg.createTask(function* () {
          createTask(function* () { yield* sleep(50); }, { name: "grandchild" });
          yield* sleep(50);
        }, { name: "child" });
        yield* sleep(1);
        const snapshot = formatTaskTree();
        const infos = dumpTasks(getRunningLoop());
        expect(infos.map((i) => i.name).sort()).toEqual([infos.find((i) => i.parent === null)!.task.getName(), "child", "grandchild"].sort());
        return snapshot;
      });
    }, { handleSigint: false });
    const lines = tree.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Task-\d+ \[running\]$/);
    expect(lines[1]).toMatch(/^  └ child \[waiting\] awaiting <sleep pending>$/);
    expect(lines[2]).toMatch(/^    └ grandchild \[waiting\] awaiting <sleep pending>$/);
  });
});
