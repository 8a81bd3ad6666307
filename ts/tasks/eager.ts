// eager.ts: eager task factories (asyncio.eager_task_factory, create_eager_task_factory).
// An eager task runs its first step synchronously inside createTask, with currentTask() set to
// it; a coroutine that finishes without suspending gives an already-done task never scheduled.
import { Task, type CoroutineLike, type TaskOptions } from "./task.js";
import type { EventLoop, TaskFactory } from "../loop/loop.js";

/**
 * @example
 * ```ts
 * await run(function* () {
 *   getRunningLoop().setTaskFactory(createEagerTaskFactory(Task));
 * });
 * ```
 */
export function createEagerTaskFactory(
  ctor: new (coro: CoroutineLike<any>, opts: TaskOptions) => Task<any> = Task,
): TaskFactory {
  return (loop: EventLoop, coro: CoroutineLike<any>, opts?: TaskOptions) => new ctor(coro, { ...opts, loop, eager: true });
}

/**
 * @example
 * ```ts
 * await run(function* () {
 *   getRunningLoop().setTaskFactory(eagerTaskFactory);
 *   const t = createTask(function* () { return 1; });
 *   console.log(t.done()); // true: it ran to its end at creation
 * });
 * ```
 */
export const eagerTaskFactory: TaskFactory = createEagerTaskFactory();
