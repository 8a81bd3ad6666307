// deno.ts: wasyncio on Deno, as TypeScript that Deno runs as is, with only the permission it
// needs: sockets on 127.0.0.1 (and the loop's own environment switches).
//
//   deno run --allow-net=127.0.0.1 --allow-env=WASYNCIO_DEBUG,WASYNCIO_CORE_DEBUG,WASYNCIO_TRACE,WASYNCIO_INSPECT examples/hosts/deno.ts
//
// (the loop reads its switches from those four variables; Deno refuses a read it was not allowed)
//
// A line server (startServer) answers each line in upper case; a "slow" line gets no answer for
// 30 s. Three workers share a Queue of jobs, each over its own connection (openConnection), and
// give every request 2 s (timeout): the slow one times out, its worker drops that connection (and
// opens a fresh one for its next job), and the rest are answered. The workers live in a TaskGroup, so an error in
// one would cancel the others. "wasyncio" resolves to the package's `deno` entry.
import { run, startServer, openConnection, taskGroup, timeout, sleep, Queue, TimeoutError } from "wasyncio";
import type { StreamReader, StreamWriter } from "wasyncio";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** The server's side of one connection: a line in, the line in upper case out, until EOF. */
function* serve(reader: StreamReader, writer: StreamWriter) {
  for (;;) {
    const line = dec.decode(yield* reader.readline()).trim();
    if (line === "") break;
    if (line === "slow") yield* sleep(30_000);
    writer.write(enc.encode(`${line.toUpperCase()}\n`));
    yield* writer.drain();
  }
  writer.close();
}

type Job = { index: number; word: string } | null;

/** A worker: takes jobs until it gets null; one connection, replaced after a timed-out request. */
function* worker(port: number, jobs: Queue<Job>, answers: string[]) {
  let conn: [StreamReader, StreamWriter] | null = null;
  for (;;) {
    const job = yield* jobs.get();
    try {
      if (job === null) return;
      if (conn === null) conn = yield* openConnection("127.0.0.1", port);
      const [reader, writer] = conn;
      writer.write(enc.encode(`${job.word}\n`));
      try {
        answers[job.index] = yield* timeout(2000, function* () {
          return dec.decode(yield* reader.readline()).trim();
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        answers[job.index] = "(timed out after 2 s)";
        writer.close(); // the answer may still come: this connection is out of step, drop it
        yield* writer.waitClosed();
        conn = null;
      }
    } finally {
      jobs.taskDone();
    }
  }
}

function* main() {
  const server = yield* startServer(serve, "127.0.0.1", 0);
  const port = server.sockets[0].port!;
  const words = ["asyncio", "slow", "deno", "wasm", "generators", "queues", "timeouts"];
  const jobs = new Queue<Job>();
  const answers: string[] = [];
  yield* taskGroup(function* (tg) {
    for (let i = 1; i <= 3; i++) tg.createTask(worker(port, jobs, answers), { name: `worker-${i}` });
    for (const [index, word] of words.entries()) jobs.putNowait({ index, word });
    yield* jobs.join();
    for (let i = 0; i < 3; i++) jobs.putNowait(null);
  });
  server.close();
  server.closeClients();
  yield* server.waitClosed();
  for (const [i, word] of words.entries()) console.log(`${word.padEnd(10)} -> ${answers[i]}`);
  console.log(`${words.length} jobs, 3 workers, ${answers.filter((a) => a.startsWith("(")).length} timed out`);
}

await run(main);
