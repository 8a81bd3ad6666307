# op_cost.py: the CPython 3.13 side of bench/op-cost.mjs: ns per call of asyncio's timeout(),
# wait_for() and TaskGroup over the bare coroutine they wrap (median of 5 rounds), as JSON.
import asyncio, json, sys, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000


async def body():
    return 1


async def main():
    rows = {"timeout(null, body)": [], "timeout(10 s, body)": [], "waitFor(body(), 10 s)": [], "taskGroup(body)": []}
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(N):
            await body()
        bare = (time.perf_counter() - t0) / N
        t0 = time.perf_counter()
        for _ in range(N):
            async with asyncio.timeout(None):
                await body()
        rows["timeout(null, body)"].append((time.perf_counter() - t0) / N - bare)
        t0 = time.perf_counter()
        for _ in range(N):
            async with asyncio.timeout(10):
                await body()
        rows["timeout(10 s, body)"].append((time.perf_counter() - t0) / N - bare)
        t0 = time.perf_counter()
        for _ in range(N):
            await asyncio.wait_for(body(), 10)
        rows["waitFor(body(), 10 s)"].append((time.perf_counter() - t0) / N - bare)
        t0 = time.perf_counter()
        for _ in range(N // 4):
            async with asyncio.TaskGroup():
                await body()
        rows["taskGroup(body)"].append((time.perf_counter() - t0) / (N // 4) - bare)
    print(json.dumps({k: sorted(v)[len(v) // 2] * 1e9 for k, v in rows.items()}))


asyncio.run(main())
