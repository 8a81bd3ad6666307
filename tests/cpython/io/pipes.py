# pipes.py: loop.connect_read_pipe / connect_write_pipe over real pipes: a child's stdin and
# stdout (cat), and a FIFO opened by descriptor. A StreamReader reads with flow control (the
# transport pauses reading above 2 * limit), a StreamWriter writes with write buffer limits and
# drain(); each protocol's callbacks are printed in their order. A regular file is refused.
# Mirrored by tests/ts/streams/pipes.test.ts.
import asyncio, os, subprocess, sys, tempfile

N = 1 << 20


class Recorder(asyncio.StreamReaderProtocol):
    """The writing side's protocol: a StreamReaderProtocol without a reader (drain, wait_closed)."""

    def __init__(self, name, log):
        super().__init__(None)
        self.name, self.log = name, log

    def connection_made(self, t):
        self.log.append(f"{self.name} connection_made")
        super().connection_made(t)

    def pause_writing(self):
        self.log.append(f"{self.name} pause_writing")
        super().pause_writing()

    def resume_writing(self):
        self.log.append(f"{self.name} resume_writing")
        super().resume_writing()

    def connection_lost(self, exc):
        self.log.append(f"{self.name} connection_lost {exc!r}")
        super().connection_lost(exc)


class ReadRecorder(asyncio.StreamReaderProtocol):
    def __init__(self, reader, log):
        super().__init__(reader)
        self.log = log

    def connection_made(self, t):
        self.log.append("read connection_made")
        super().connection_made(t)

    def eof_received(self):
        self.log.append("read eof_received")
        return super().eof_received()

    def connection_lost(self, exc):
        self.log.append(f"read connection_lost {exc!r}")
        super().connection_lost(exc)


async def through_cat():
    loop = asyncio.get_running_loop()
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    wlog, rlog = [], []
    wt, wp = await loop.connect_write_pipe(lambda: Recorder("write", wlog), p.stdin)
    writer = asyncio.StreamWriter(wt, wp, None, loop)
    reader = asyncio.StreamReader(limit=16384)
    rt, rp = await loop.connect_read_pipe(lambda: ReadRecorder(reader, rlog), p.stdout)
    print("extra pipe is the object given:", wt.get_extra_info("pipe") is p.stdin, rt.get_extra_info("pipe") is p.stdout)
    wt.set_write_buffer_limits(high=16384)
    print("limits", wt.get_write_buffer_limits())
    writer.write(bytes(i % 251 for i in range(N)))
    print("buffered above high:", wt.get_write_buffer_size() > 16384)
    await asyncio.sleep(0.2)
    print("reading paused while the reader is full:", not rt.is_reading())
    got = await reader.readexactly(N)
    print("read back", len(got), "bytes, equal:", got == bytes(i % 251 for i in range(N)))
    await writer.drain()
    print("write buffer", wt.get_write_buffer_size())
    writer.close()
    print("closing after close:", wt.is_closing())
    await writer.wait_closed()
    print("eof:", await reader.read(), reader.at_eof())
    await asyncio.sleep(0.05)
    print("read transport closing:", rt.is_closing())
    p.wait()
    for line in wlog + rlog:
        print(" ", line)


async def fifo():
    loop = asyncio.get_running_loop()
    d = tempfile.mkdtemp()
    path = os.path.join(d, "fifo")
    os.mkfifo(path)
    rfd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    wfd = os.open(path, os.O_WRONLY)
    rlog = []
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: ReadRecorder(reader, rlog), os.fdopen(rfd, "rb", buffering=0))
    wt, wp = await loop.connect_write_pipe(lambda: Recorder("write", rlog), os.fdopen(wfd, "wb", buffering=0))
    wt.write(b"one\ntwo\n")
    print("lines", await reader.readline(), await reader.readline())
    print("can_write_eof", wt.can_write_eof())
    wt.write_eof()
    print("closing after write_eof:", wt.is_closing())
    print("then", await reader.read())
    await asyncio.sleep(0.05)
    for line in rlog:
        print(" ", line)
    os.unlink(path)
    with open(os.path.join(d, "regular"), "wb") as f:
        try:
            await loop.connect_write_pipe(asyncio.Protocol, f)
        except ValueError as e:
            print("regular file:", type(e).__name__)
    os.unlink(os.path.join(d, "regular"))
    os.rmdir(d)


async def main():
    await through_cat()
    await fifo()


asyncio.run(main())
