// skips.mjs: the tests that cannot pass on a contract host for a reason of the host's, each with
// that reason. scripts/contract.mjs prints every skip with its reason and counts it as skipped.
// `test` is a test's full name ("describe > ... > it"), or a describe's, which skips all it holds.
export default {
  deno: [],
  bun: [],
  workerd: [
    {
      file: "tests/ts/tasks/lazy-ops.test.ts",
      test: "Ops are lazy > toThread(1, 'f') returns an Op; its argument error arrives at the first await",
      reason: "workerd has no 'workers' facet, and runInExecutor() looks for the facet before it checks the module argument: the first await raises NotSupportedError, not the TypeError",
    },
  ],
};
