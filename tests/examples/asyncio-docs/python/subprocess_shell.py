# Subprocesses: a shell command's exit status and output (the command from argv, `ls /zzz`
# by default, as in the docs).
import asyncio
import sys


async def run(cmd):
    proc = await asyncio.create_subprocess_shell(
        cmd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)

    stdout, stderr = await proc.communicate()

    print(f'[{cmd!r} exited with {proc.returncode}]')
    if stdout:
        print(f'[stdout]\n{stdout.decode()}')
    if stderr:
        print(f'[stderr]\n{stderr.decode()}')

asyncio.run(run(sys.argv[1] if len(sys.argv) > 1 else 'ls /zzz'))
