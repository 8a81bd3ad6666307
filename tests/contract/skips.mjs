// skips.mjs: the tests that cannot pass on a contract host for a reason of the host's, each with
// that reason. scripts/contract.mjs prints every skip with its reason and counts it as skipped.
// `test` is a test's full name ("describe > ... > it"), or a describe's, which skips all it holds.
export default {
  deno: [],
  bun: [],
  workerd: [],
};
