// Well-behaved but never done: a heartbeat every 10 ms. The host's deadline stops it: the
// worker aborts its run's AbortSignal, which cancels the main task (CancelledError).
import { sleep } from "wasyncio";

export function* main() {
  for (let beats = 0; ; beats++) yield* sleep(10);
}
