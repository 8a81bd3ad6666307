// One step that computes for 30 ms without yielding: longer than sliceMs, so the loop reports it
// (the host counts it); the plugin still finishes.
export function* main() {
  yield;
  const end = performance.now() + 30;
  let n = 0;
  while (performance.now() < end) n++;
  yield;
  return n > 0;
}
