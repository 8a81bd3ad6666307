// guest.mjs: a wasyncio program as a WASI preview2 command component. Build it with
//   node scripts/build-component.mjs --guest examples/wasi/guest.mjs build/guest.component.wasm
// (esbuild bundles `wasyncio/wasi` into it, componentize-js makes the component), then run it
// on jco (`npx jco run build/guest.component.wasm`) or on Wasmtime (tests/wasi/run_guest.py).
// ECHO_PORT (environment) is a loopback TCP echo server for the TCP part; without network
// permission the guest prints the error the host gives instead. It reads one line from stdin.
//
// What it prints is the same on every runtime (tests/wasi checks it): only the order of events
// chosen by the scheduler, never a time.
import { run, createTask, sleep, taskGroup, timeout, TimeoutError, Queue, openConnection, createSubprocessExec, ExceptionGroup, NotSupportedError, openStdio, startServer, host } from "wasyncio/wasi";

const say = (s) => console.log(s);

function* job(order, name, ms, value) {
  yield* sleep(ms);
  order.push(name);
  return value;
}

function* tasks() {
  const order = [];
  const a = createTask(job(order, "a", 20, 1));
  const b = createTask(job(order, "b", 10, 2));
  const c = createTask(job(order, "c", 0, 3));
  const sum = (yield* a) + (yield* b) + (yield* c);
  say(`tasks: sum ${sum}, finished ${order.join(",")}`);
}

function* fails(ms) {
  yield* sleep(ms);
  throw new Error("boom");
}

function* sleeper(order) {
  try {
    yield* sleep(1000);
  } finally {
    order.push("sleeper cancelled");
  }
}

function* group() {
  const order = [];
  try {
    yield* taskGroup(function* (tg) {
      tg.createTask(job(order, "ok", 5));
      tg.createTask(fails(10));
      tg.createTask(sleeper(order));
    });
  } catch (e) {
    say(`taskgroup: ${e instanceof ExceptionGroup ? "ExceptionGroup" : e} [${e.errors.map((x) => x.message).join(",")}] ${order.join(", ")}`);
  }
}

function* timeouts() {
  try {
    yield* timeout(10, function* () {
      yield* sleep(1000);
    });
  } catch (e) {
    say(`timeout: ${e instanceof TimeoutError ? "TimeoutError after 10 ms" : e}`);
  }
  const v = yield* timeout(1000, function* () {
    yield* sleep(1);
    return "in time";
  });
  say(`timeout: ${v}`);
}

function* worker(name, q, done) {
  for (;;) {
    const item = yield* q.get();
    yield* sleep(item.ms);
    done.push(`${name}:${item.id}`);
    q.taskDone();
  }
}

function* queue() {
  const q = new Queue(2);
  const done = [];
  const workers = ["w1", "w2", "w3"].map((n) => createTask(worker(n, q, done)));
  for (let id = 0; id < 9; id++) yield* q.put({ id, ms: 2 });
  yield* q.join();
  for (const w of workers) w.cancel();
  say(`queue: ${done.length} jobs by 3 workers: ${done.join(" ")}`);
}

function* echo() {
  const port = Number(host.env("ECHO_PORT") ?? 0);
  if (!port) {
    say("tcp: no ECHO_PORT");
    return;
  }
  try {
    const [reader, writer] = yield* openConnection("127.0.0.1", port);
    const lines = [];
    for (const msg of ["hello", "wasi", "sockets"]) {
      writer.write(msg + "\n");
      yield* writer.drain();
      lines.push(new TextDecoder().decode(yield* reader.readline()).trim());
    }
    writer.close();
    yield* writer.waitClosed();
    say(`tcp: echo ${lines.join(" ")}`);
  } catch (e) {
    say(`tcp: ${e.message}`);
  }
}

function* serve(reader, writer) {
  const line = yield* reader.readline();
  writer.write(`served ${new TextDecoder().decode(line).trim()}\n`);
  yield* writer.drain();
  writer.close();
}

function* server() {
  // A server of the guest's own on a loopback port, and a client of the guest's own.
  try {
    const srv = yield* startServer(serve, "127.0.0.1", 0);
    const [reader, writer] = yield* openConnection("127.0.0.1", srv.sockets[0].port);
    writer.write("ping\n");
    const reply = new TextDecoder().decode(yield* reader.readline()).trim();
    writer.close();
    srv.close();
    yield* srv.waitClosed();
    say(`server: ${reply}`);
  } catch (e) {
    say(`server: ${e.message}`);
  }
}

function* stdio() {
  // stdin and stdout as streams: one line in, one line out (through wasi:cli's streams).
  const [reader, writer] = yield* openStdio();
  const line = new TextDecoder().decode(yield* reader.readline()).trim();
  writer.write(`stdio: read ${JSON.stringify(line)} from stdin\n`);
  yield* writer.drain();
}

function* missingFacet() {
  try {
    yield* createSubprocessExec("ls");
    say("process: started?");
  } catch (e) {
    say(`process: ${e instanceof NotSupportedError ? `NotSupportedError (host ${e.host}, facet ${e.facet})` : e.name}: ${e.message}`);
  }
}

function* main() {
  say(`host: ${host.name}, WebAssembly ${typeof WebAssembly === "undefined" ? "absent (portable core)" : "present"}`);
  yield* tasks();
  yield* group();
  yield* timeouts();
  yield* queue();
  yield* echo();
  yield* server();
  yield* stdio();
  yield* missingFacet();
  say(`idle waits: ${host.reactor.idleWaits > 0 ? "blocked in poll()" : "none"}`);
}

const command = {
  async run() {
    await run(main);
  },
};
export { command as run };
