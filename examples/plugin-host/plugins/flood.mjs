// Floods an unbounded queue: stopped by limits.memory (LimitError) when the loop's core would
// need more memory for the next item.
import { Queue } from "wasyncio";

export function* main() {
  const q = new Queue();
  for (let i = 0; ; i++) {
    q.putNowait(i);
    if (i % 1000 === 0) yield;
  }
}
