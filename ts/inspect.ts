// inspect.ts: how the public classes show in Node's util.inspect (the REPL's echo, console.log):
// as their String() form, one line (`<Task pending name="sleeper">`), not their internals.

/** The method key util.inspect calls (Node, Deno and Bun read it). */
export const INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom") as any;
