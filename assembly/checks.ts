// checks.ts: invariant checks, compiled in only for the debug build
// (asc --use CORE_CHECKS=1). The release build drops every `if (CHECKS)` branch.
export const CHECKS: bool = isDefined(CORE_CHECKS);
