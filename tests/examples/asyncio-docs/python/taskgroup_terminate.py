# Terminating a TaskGroup: a task that raises an exception of the program's own stops the group.
import asyncio
from _scale import S


class TerminateTaskGroup(Exception):
    pass


async def force_terminate_task_group():
    raise TerminateTaskGroup()


async def job(task_id, sleep_time):
    print(f'Task {task_id}: start')
    await asyncio.sleep(sleep_time * S)
    print(f'Task {task_id}: done')


async def main():
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(job(1, 0.5))
            group.create_task(job(2, 1.5))
            await asyncio.sleep(1 * S)
            group.create_task(force_terminate_task_group())
    except* TerminateTaskGroup:
        pass

asyncio.run(main())
