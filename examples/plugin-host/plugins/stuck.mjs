// A synchronous infinite loop: no limit can interrupt a step that never returns. Its thread
// gives no turn to anything, so its stats stop coming and the host terminates the worker.
export function* main() {
  yield;
  for (;;) {
    /* never returns */
  }
}
