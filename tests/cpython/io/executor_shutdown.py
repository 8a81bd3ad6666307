# executor_shutdown.py: run_in_executor cancellation, shutdown_default_executor(timeout) and what
# asyncio.run() does with the default executor at its end (runners.py Runner.close:
# shutdown_asyncgens, then shutdown_default_executor(300 s), then loop.close()).
# Mirrored by tests/ts/workers/executor.test.ts. The jobs mark files, as a worker's only trace
# the test can read (wasyncio's jobs run in other threads of their own).
import asyncio, concurrent.futures, os, sys, tempfile, time, warnings

d = tempfile.mkdtemp()
def mark(name, delay=0.0):
    time.sleep(delay)
    open(os.path.join(d, name), "w").close()
    return name
def marked(name):
    return os.path.exists(os.path.join(d, name))


async def cancelling():
    loop = asyncio.get_running_loop()
    pool = concurrent.futures.ThreadPoolExecutor(1)
    running = loop.run_in_executor(pool, mark, "a", 0.2)
    await asyncio.sleep(0.05)
    queued = loop.run_in_executor(pool, mark, "b")
    print("queued cancel ->", queued.cancel(), "cancelled", queued.cancelled())
    print("running cancel ->", running.cancel(), "cancelled", running.cancelled())
    nxt = await loop.run_in_executor(pool, marked, "a")
    print("next job ran after the running one finished:", nxt)
    print("queued job ran:", marked("b"))
    pool.shutdown(wait=True)


async def timeout_warning():
    loop = asyncio.get_running_loop()
    loop.run_in_executor(None, mark, "c", 0.3)
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        await loop.shutdown_default_executor(0.05)
    print("shutdown(0.05) returned; job done:", marked("c"))
    for w in ws:
        print("warning", w.category.__name__)
    try:
        loop.run_in_executor(None, mark, "x")
    except RuntimeError as e:
        print("run_in_executor after shutdown:", type(e).__name__, e)


async def left_running():
    loop = asyncio.get_running_loop()
    loop.run_in_executor(None, mark, "e", 0.2)
    print("main returns; job done:", marked("e"))


asyncio.run(cancelling())
asyncio.run(timeout_warning())
print("after run: job done:", marked("c"))
asyncio.run(left_running())
print("after run: job done:", marked("e"))
