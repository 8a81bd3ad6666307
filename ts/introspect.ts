// introspect.ts: dumpTasks() and formatTaskTree(): the live tasks of a loop as a tree (by the
// task that created each), with what each one awaits. For debugging and the REPL's `ps`.

import { getRunningLoop } from "./loop/running.js";
import type { Task } from "./tasks/task.js";
import { _describeWait } from "./loop/trace.js";
import type { EventLoop } from "./loop/loop.js";

/**
 * @example
 * ```ts
 * import { run, dumpTasks, type TaskInfo } from "wasyncio";
 * await run(function* () {
 *   const infos: TaskInfo[] = dumpTasks();
 *   console.log(infos.map((i) => `${i.name}: ${i.state}`));
 * });
 * ```
 */
export interface TaskInfo {
  name: string;
  state: string;
  cancelling: number;
  awaiting: string | null;
  parent: string | null;
  task: Task<unknown>;
}

/**
 * A snapshot of the loop's live tasks.
 * @example
 * ```ts
 * await run(function* () {
 *   createTask(sleep(100), { name: "sleeper" });
 *   yield* sleep(0);
 *   for (const info of dumpTasks()) console.log(info.name, info.state, info.awaiting);
 * });
 * ```
 */
export function dumpTasks(loop: EventLoop = getRunningLoop()): TaskInfo[] {
  const out: TaskInfo[] = [];
  for (const t of loop._tasks) {
    if (t === undefined || t.done()) continue;
    out.push({
      name: t.getName(),
      state: t.cancelling() > 0 ? "cancelling" : loop._currentTask === t ? "running" : t._futWaiter !== null || t._isAsync ? "waiting" : "scheduled",
      cancelling: t.cancelling(),
      awaiting: _describeWait(t),
      parent: t._parent && !t._parent.done() ? t._parent.getName() : null,
      task: t,
    });
  }
  return out;
}

/**
 * The live tasks as an indented tree, one per line: `name [state] awaiting …`.
 * @example
 * ```ts
 * await run(function* () {
 *   createTask(sleep(100), { name: "sleeper" });
 *   yield* sleep(0);
 *   console.log(formatTaskTree()); // the live tasks, children under their parents
 * });
 * ```
 */
export function formatTaskTree(loop: EventLoop = getRunningLoop()): string {
  const infos = dumpTasks(loop);
  const byTask = new Map(infos.map((i) => [i.task, i]));
  const children = new Map<Task<unknown> | null, TaskInfo[]>();
  for (const i of infos) {
    const p = i.task._parent && byTask.has(i.task._parent) ? i.task._parent : null;
    if (!children.has(p)) children.set(p, []);
    children.get(p)!.push(i);
  }
  const lines: string[] = [];
  const walk = (parent: Task<unknown> | null, depth: number) => {
    for (const i of children.get(parent) ?? []) {
      const extra = [i.cancelling ? `cancelling=${i.cancelling}` : "", i.awaiting ? `awaiting ${i.awaiting}` : ""].filter(Boolean).join(" ");
      lines.push(`${"  ".repeat(depth)}${depth ? "└ " : ""}${i.name} [${i.state}]${extra ? " " + extra : ""}`);
      walk(i.task, depth + 1);
    }
  };
  walk(null, 0);
  return lines.join("\n");
}

/**
 * The live tasks as a table (`npx wasyncio ps`): name, state, what it awaits, its parent.
 * @example
 * ```ts
 * await run(function* () {
 *   createTask(sleep(50), { name: "napper" });
 *   yield* sleep(0);
 *   console.log(formatTaskTable()); // task name  state  awaiting  parent …
 * });
 * ```
 */
export function formatTaskTable(loop: EventLoop = getRunningLoop()): string {
  const rows = dumpTasks(loop).map((i) => [i.name, i.state + (i.cancelling ? ` (${i.cancelling})` : ""), i.awaiting ?? "", i.parent ?? ""]);
  const head = ["task name", "state", "awaiting", "parent"];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((x, c) => x.padEnd(widths[c])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
