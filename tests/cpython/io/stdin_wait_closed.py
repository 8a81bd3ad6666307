# stdin_wait_closed.py: Process.stdin.wait_closed() waits for the stdin pipe to close, also after
# the child went away without reading (asyncio 3.13 SubprocessStreamProtocol._get_close_waiter).
# Mirrored by tests/ts/process/subprocess.test.ts.
import asyncio


async def main():
    p = await asyncio.create_subprocess_exec("cat", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    p.stdin.write(b"hi")
    p.stdin.close()
    print("wait_closed ->", await p.stdin.wait_closed())
    print("closing", p.stdin.is_closing())
    print("out", await p.stdout.read())
    print("rc", await p.wait())
    p = await asyncio.create_subprocess_exec("true", stdin=asyncio.subprocess.PIPE)
    await p.wait()
    p.stdin.close()
    print("wait_closed after the child left ->", await p.stdin.wait_closed())


asyncio.run(main())
