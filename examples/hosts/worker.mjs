// worker.mjs: wasyncio in a Cloudflare Worker: one request fans out to several subrequests.
//
// GET /quote?items=apple,pear,slow asks the "prices" service (worker-backend.mjs, reached through
// a service binding) for each item, at most two subrequests at a time (a Semaphore: a Worker has
// a limit on simultaneous connections), each given 1 s (timeout). The subrequests are tasks
// of a TaskGroup; one that times out is aborted (its fetch gets the task's AbortSignal) and
// reported, the others are summed. The answer is JSON. Build and serve (README.md beside this):
// esbuild with the `workerd` condition, then `workerd serve examples/hosts/worker.capnp`.
import { run, taskGroup, timeout, createTask, Semaphore, TimeoutError, ExceptionGroup } from "wasyncio";

/** One subrequest: the item's price, or why there is none. */
function* quote(prices, item, slots) {
  using _slot = yield* slots.hold();
  try {
    return yield* timeout(1000, function* () {
      // An async body that takes a parameter gets its task's AbortSignal: the timeout's
      // cancellation reaches the fetch itself, which then fails with the runtime's abort
      // error; rethrowing the signal's reason (the CancelledError) ends the task cancelled, so
      // the timeout sees its own cancellation and raises TimeoutError.
      const answer = yield* createTask(async (signal) => {
        try {
          const res = await prices.fetch(`http://prices/price?item=${encodeURIComponent(item)}`, { signal });
          if (!res.ok) throw new Error(`${item}: HTTP ${res.status}`);
          return await res.json();
        } catch (e) {
          throw signal.aborted ? signal.reason : e;
        }
      });
      return { item, price: answer.price };
    });
  } catch (e) {
    if (e instanceof TimeoutError) return { item, error: "no answer in 1 s" };
    throw e;
  }
}

function* handle(prices, items) {
  const slots = new Semaphore(2);
  const tasks = [];
  yield* taskGroup(function* (tg) {
    for (const item of items) tasks.push(tg.createTask(quote(prices, item, slots), { name: `quote ${item}` }));
  });
  const quotes = tasks.map((t) => t.result());
  const total = quotes.reduce((sum, q) => sum + (q.price ?? 0), 0);
  return { quotes, total, missing: quotes.filter((q) => q.error).map((q) => q.item) };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== "/quote") return new Response("try /quote?items=apple,pear\n", { status: 404 });
    const items = (url.searchParams.get("items") ?? "").split(",").filter(Boolean);
    try {
      return Response.json(await run(handle(env.PRICES, items)));
    } catch (e) {
      // A subrequest that failed otherwise than by its timeout cancelled its siblings: say which.
      if (e instanceof ExceptionGroup) return Response.json({ errors: e.errors.map((x) => String(x.message ?? x)) }, { status: 502 });
      throw e;
    }
  },
};
