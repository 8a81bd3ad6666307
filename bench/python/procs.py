# procs.py: CPython 3.13 asyncio side of bench/procs.ts: spawn-and-wait of N `true` processes,
# one after another and all at once; prints the medians (ms) as JSON.
import asyncio, json, statistics, sys, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5

async def one():
    p = await asyncio.create_subprocess_exec("true", stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    return await p.wait()

async def seq():
    ok = 0
    for _ in range(N):
        ok += (await one()) == 0
    return ok

async def par():
    return sum(c == 0 for c in await asyncio.gather(*(one() for _ in range(N))))

def timed(f):
    t0 = time.perf_counter()
    if asyncio.run(f()) != N:
        raise SystemExit("a process failed")
    return (time.perf_counter() - t0) * 1000

timed(seq); timed(par)
s = [timed(seq) for _ in range(RUNS)]
p = [timed(par) for _ in range(RUNS)]
print(json.dumps({"seq": statistics.median(s), "par": statistics.median(p)}))
