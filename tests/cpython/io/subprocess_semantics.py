# subprocess_semantics.py: Process return codes, communicate, errors after exit, and the order of
# SubprocessProtocol callbacks. Mirrored by tests/ts/process/subprocess.test.ts.
import asyncio, signal, sys

async def main():
    p = await asyncio.create_subprocess_exec("sh", "-c", "exit 3")
    print("exit", await p.wait(), p.returncode)
    p = await asyncio.create_subprocess_exec("sleep", "10")
    p.terminate(); print("terminate", await p.wait())
    p = await asyncio.create_subprocess_exec("sleep", "10")
    p.kill(); print("kill", await p.wait())
    try:
        p.send_signal(signal.SIGTERM)
    except ProcessLookupError:
        print("signal after exit ProcessLookupError")
    try:
        await asyncio.create_subprocess_exec("/nonexistent/program")
    except FileNotFoundError:
        print("missing FileNotFoundError")
    p = await asyncio.create_subprocess_exec("sh", "-c", "cat; echo err >&2", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await p.communicate(b"hello")
    print("communicate", out, err, p.returncode)
    p = await asyncio.create_subprocess_exec("sh", "-c", "echo out; echo err >&2", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, err = await p.communicate()
    print("stderr=STDOUT", sorted(out.split()), err)
    p = await asyncio.create_subprocess_exec("sh", "-c", "echo hi", stdout=asyncio.subprocess.DEVNULL)
    out, err = await p.communicate()
    print("devnull", out, err, p.stdout)
    p = await asyncio.create_subprocess_shell("echo $((1+2))", stdout=asyncio.subprocess.PIPE)
    print("shell", (await p.stdout.readline()), await p.wait())
    p = await asyncio.create_subprocess_exec("true", stdin=asyncio.subprocess.PIPE)
    await p.wait()
    out, err = await p.communicate(b"x" * 1000000)   # broken pipe ignored
    print("broken stdin ignored", out, err, p.returncode)
    for kw in ({"text": True}, {"encoding": "utf8"}, {"bufsize": 1}):
        try:
            await asyncio.create_subprocess_exec("true", **kw)
        except ValueError:
            print("reject", list(kw)[0])

    log = []
    class P(asyncio.SubprocessProtocol):
        def connection_made(self, t): log.append("CM")
        def pipe_data_received(self, fd, d): log.append(f"DR {fd} {d!r}")
        def pipe_connection_lost(self, fd, exc): log.append(f"PCL {fd} {exc!r}")
        def process_exited(self): log.append("EXIT")
        def connection_lost(self, exc): log.append(f"CL {exc!r}"); done.set_result(None)
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    t, _ = await loop.subprocess_exec(P, "sh", "-c", "sleep 0.05; printf a; sleep 0.05; printf b >&2")
    log.append(f"pid ok {t.get_pid() > 0}")
    await done
    log.append(f"rc {t.get_returncode()}")
    t.close()
    # stdin PIPE line is separate: fd 0 lost when closed
    # The pipes' losses and the exit race each other (in wasyncio too): that block is printed in a
    # fixed order (descending), so the trace does not depend on the race.
    i, j = log.index("DR 2 b'b'") + 1, log.index("CL None")
    log[i:j] = sorted(log[i:j], reverse=True)
    for l in log: print(l)

asyncio.run(main())
