// Terminating a TaskGroup: a task that throws an error of the program's own stops the group.
// `except* TerminateTaskGroup` becomes a catch of the ExceptionGroup and its split().
import { run, sleep, taskGroup, ExceptionGroup } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

class TerminateTaskGroup extends Error {}

function* forceTerminateTaskGroup() {
  throw new TerminateTaskGroup();
}

function* job(taskId, sleepTime) {
  console.log(`Task ${taskId}: start`);
  yield* sleep(sleepTime * 1000 * S);
  console.log(`Task ${taskId}: done`);
}

function* main() {
  try {
    yield* taskGroup(function* (group) {
      group.createTask(job(1, 0.5));
      group.createTask(job(2, 1.5));
      yield* sleep(1000 * S);
      group.createTask(forceTerminateTaskGroup());
    });
  } catch (e) {
    if (!(e instanceof ExceptionGroup)) throw e;
    const [, rest] = e.split(TerminateTaskGroup);
    if (rest !== null) throw rest;
  }
}

await run(main());
