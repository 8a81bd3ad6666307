# Subprocesses: start this interpreter with create_subprocess_exec, read one line of its output,
# wait for it to exit.
import asyncio
import sys


async def get_date():
    code = 'import datetime; print(datetime.datetime.now())'

    proc = await asyncio.create_subprocess_exec(
        sys.executable, '-c', code,
        stdout=asyncio.subprocess.PIPE)

    data = await proc.stdout.readline()
    line = data.decode('ascii').rstrip()

    await proc.wait()
    return line

date = asyncio.run(get_date())
print(f"Current date: {date}")
