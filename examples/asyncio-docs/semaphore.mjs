// Semaphore: at most two of five tasks inside at once.
import { run, sleep, gather, Semaphore } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* job(sem, i, inside) {
  yield* sem.acquire();
  try {
    inside.push(i);
    console.log(`job ${i} enters, inside: [${inside.join(", ")}]`);
    yield* sleep((i + 1) * 500 * S);
    inside.splice(inside.indexOf(i), 1);
    console.log(`job ${i} leaves`);
  } finally {
    sem.release();
  }
}

function* main() {
  const sem = new Semaphore(2);
  const inside = [];
  yield* gather(...[0, 1, 2, 3, 4].map((i) => job(sem, i, inside)));
  console.log("locked at the end:", sem.locked() ? "True" : "False");
}

await run(main());
