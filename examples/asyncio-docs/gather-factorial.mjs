// gather(): three factorials computed concurrently; the results come in the order given.
import { run, sleep, gather } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* factorial(name, number) {
  let f = 1;
  for (let i = 2; i <= number; i++) {
    console.log(`Task ${name}: Compute factorial(${number}), currently i=${i}...`);
    yield* sleep(1000 * S);
    f *= i;
  }
  console.log(`Task ${name}: factorial(${number}) = ${f}`);
  return f;
}

function* main() {
  // Schedule three calls *concurrently*:
  const L = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4));
  console.log(`[${L.join(", ")}]`); // print(L)
}

await run(main());
