// contextvars.ts: context variables (CPython Lib/contextvars, Python/context.c, Python/hamt.c):
// ContextVar, Token, Context, copyContext, LookupError.
//
// A Context is a mutable cell over an immutable map (a hash array mapped trie keyed by each
// variable's serial number), so copy() is O(1): the copy shares the map, and a set() in either
// builds a new map along one path (at most 7 nodes of up to 32 entries) instead of copying all.
//
// Which context is current: the one a Context.run() or a callback's run entered (`_CTX.current`);
// else, inside a task (a generator step, or an async-function task's code where the host tracks
// async context), that task's context; else the agent's base context. A task does not enter its
// context at each step: it is looked up when a variable is read or set, so a loop that never
// uses context variables pays nothing per step, and a task whose context was empty at its
// creation makes its own (empty) context only when it first sets a variable.

import { RuntimeError, describe } from "../errors.js";
import { _getRunningLoopOrNull } from "../loop/running.js";
import type { Task } from "./task.js";
import { INSPECT } from "../inspect.js";

// ---- the immutable map ---------------------------------------------------------------------------

/** A trie node: `bitmap` has a bit per occupied slot of its 32; `arr` holds, per occupied slot
 *  in bit order, a key and its value (`arr[2i]` a ContextVar) or, below a key collision on
 *  these 5 bits, null and a sub-node. */
interface Node {
  bitmap: number;
  arr: unknown[];
}

/** An immutable map from ContextVar to value. */
export class _HMap {
  /** @internal */ readonly root: Node;
  /** @internal */ readonly size: number;
  constructor(root: Node, size: number) {
    this.root = root;
    this.size = size;
  }
}

const EMPTY_NODE: Node = { bitmap: 0, arr: [] };
/** @internal the empty map */
export const _EMPTY = new _HMap(EMPTY_NODE, 0);
/** A key's absence (get) or removal (set). */
const NONE: unique symbol = Symbol("none");

const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

function nodeGet(node: Node, key: ContextVar<any>, hash: number, shift: number): unknown {
  for (;;) {
    const bit = 1 << ((hash >>> shift) & 31);
    if ((node.bitmap & bit) === 0) return NONE;
    const i = 2 * popcount(node.bitmap & (bit - 1));
    const k = node.arr[i];
    if (k === key) return node.arr[i + 1];
    if (k !== null) return NONE;
    node = node.arr[i + 1] as Node;
    shift += 5;
  }
}

/** The node with `key` set to `value` (or removed, for NONE); the same node when nothing changes.
 *  `grew` reports a key added (+1) or removed (-1) through `delta[0]`. */
function nodeSet(node: Node, key: ContextVar<any>, hash: number, shift: number, value: unknown, delta: number[]): Node | null {
  const bit = 1 << ((hash >>> shift) & 31);
  const i = 2 * popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    if (value === NONE) return node;
    const arr = node.arr.slice(0, i);
    arr.push(key, value);
    for (let j = i; j < node.arr.length; j++) arr.push(node.arr[j]);
    delta[0] = 1;
    return { bitmap: node.bitmap | bit, arr };
  }
  const k = node.arr[i] as ContextVar<any> | null;
  if (k === key) {
    if (value === NONE) {
      delta[0] = -1;
      if (node.bitmap === bit) return null;
      const arr = node.arr.slice(0, i);
      for (let j = i + 2; j < node.arr.length; j++) arr.push(node.arr[j]);
      return { bitmap: node.bitmap & ~bit, arr };
    }
    if (node.arr[i + 1] === value) return node;
    const arr = node.arr.slice();
    arr[i + 1] = value;
    return { bitmap: node.bitmap, arr };
  }
  let sub: Node | null;
  if (k === null) {
    const child = node.arr[i + 1] as Node;
    sub = nodeSet(child, key, hash, shift + 5, value, delta);
    if (sub === child) return node;
    if (sub !== null && sub.bitmap !== 0 && (sub.bitmap & (sub.bitmap - 1)) === 0 && sub.arr[0] !== null) {
      // One key left below: it moves up into this slot.
      const arr = node.arr.slice();
      arr[i] = sub.arr[0];
      arr[i + 1] = sub.arr[1];
      return { bitmap: node.bitmap, arr };
    }
  } else {
    // Another key in this slot: both go one level down (serial numbers differ, so they part).
    if (value === NONE) return node;
    const other = k;
    const inner = nodeSet(EMPTY_NODE, other, other._hash, shift + 5, node.arr[i + 1], [0])!;
    sub = nodeSet(inner, key, hash, shift + 5, value, delta);
  }
  const arr = node.arr.slice();
  if (sub === null) {
    if (node.bitmap === bit) return null;
    const out = node.arr.slice(0, i);
    for (let j = i + 2; j < node.arr.length; j++) out.push(node.arr[j]);
    return { bitmap: node.bitmap & ~bit, arr: out };
  }
  arr[i] = null;
  arr[i + 1] = sub;
  return { bitmap: node.bitmap, arr };
}

function mapGet(m: _HMap, key: ContextVar<any>): unknown {
  return m.size === 0 ? NONE : nodeGet(m.root, key, key._hash, 0);
}

function mapSet(m: _HMap, key: ContextVar<any>, value: unknown): _HMap {
  const delta = [0];
  const root = nodeSet(m.root, key, key._hash, 0, value, delta);
  if (root === m.root) return m;
  return root === null ? _EMPTY : new _HMap(root, m.size + delta[0]);
}

function* nodeEntries(node: Node): Generator<[ContextVar<any>, unknown]> {
  for (let i = 0; i < node.arr.length; i += 2) {
    const k = node.arr[i] as ContextVar<any> | null;
    if (k === null) yield* nodeEntries(node.arr[i + 1] as Node);
    else yield [k, node.arr[i + 1]];
  }
}

// ---- which context is current ----------------------------------------------------------------------

/** @internal the context entered by Context.run() or a callback's run (null: look it up), and
 *  whether a ContextVar exists at all (until then every context is empty, and tasks and
 *  callbacks skip the bookkeeping) */
export const _CTX = { current: null as Context | null, on: false };

/** The running task whose code runs now (a generator step, or an async-function task's code
 *  where the host tracks async context), if any. */
function runningTask(): Task<any> | null {
  const loop = _getRunningLoopOrNull();
  if (loop === null) return null;
  return loop._currentTask ?? loop._asyncTaskNow() ?? null;
}

/** @internal the current context, made for the running task if it has none yet */
export function _currentContext(): Context {
  const c = _CTX.current;
  if (c !== null) return c;
  const t = runningTask();
  if (t !== null) return (t._context ??= new Context());
  return BASE;
}

/** @internal the current context's map, without making a context for a task */
export function _currentMap(): _HMap {
  const c = _CTX.current;
  if (c !== null) return c._map;
  const t = runningTask();
  if (t !== null) return t._context === null ? _EMPTY : t._context._map;
  return BASE._map;
}

/** @internal a task's own context: a copy of the current one, or null while it would be empty
 *  (made on first use, see _currentContext) */
export function _contextForTask(): Context | null {
  const m = _currentMap();
  return m.size === 0 ? null : new Context(m);
}

/** @internal calls cb(...args) in `ctx` (a callback in its registration context) */
export function _runIn(ctx: Context, cb: (...a: any[]) => unknown, args: unknown[] | null): unknown {
  if (ctx._entered) throw new RuntimeError(`cannot enter context: ${ctx} is already entered`);
  const prev = _CTX.current;
  _CTX.current = ctx;
  ctx._entered = true;
  try {
    return args === null ? cb() : cb(...args);
  } finally {
    ctx._entered = false;
    _CTX.current = prev;
  }
}

// ---- the public classes ------------------------------------------------------------------------------

/**
 * Raised by `ContextVar.get()` with no value, no default and no argument (Python's LookupError).
 * @example
 * ```ts
 * const user = new ContextVar<string>("user");
 * try {
 *   user.get();
 * } catch (e) {
 *   console.log(e instanceof LookupError); // true: no value, no default
 * }
 * ```
 */
export class LookupError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "LookupError";
  }
}

let serial = 0;
const NO_DEFAULT: unique symbol = Symbol("no default");

/**
 * A context variable: its value is looked up in the current context.
 * @example
 * ```ts
 * const requestId = new ContextVar<string>("requestId", { default: "-" });
 * function* handle(id: string) {
 *   requestId.set(id);
 *   yield* sleep(10);
 *   console.log(requestId.get()); // this task's own value
 * }
 * await run(function* () {
 *   yield* gather(handle("a"), handle("b")); // prints a, b
 *   console.log(requestId.get()); // -
 * });
 * ```
 */
export class ContextVar<T> {
  readonly name: string;
  /** @internal */ _default: T | typeof NO_DEFAULT;
  /** @internal the trie key: a serial number, so two variables never share one */
  _hash: number;

  constructor(name: string, opts?: { default?: T }) {
    if (typeof name !== "string") throw new TypeError(`a ContextVar name must be a string: received ${describe(name)}`);
    if (opts !== undefined && (opts === null || typeof opts !== "object")) throw new TypeError(`ContextVar options must be an object: received ${describe(opts)}`);
    if (opts !== undefined) {
      for (const k of Object.keys(opts)) if (k !== "default") throw new TypeError(`ContextVar(): unknown option ${JSON.stringify(k)}`);
    }
    this.name = name;
    this._default = opts !== undefined && "default" in opts ? (opts.default as T) : NO_DEFAULT;
    this._hash = serial++ >>> 0;
    _CTX.on = true;
  }

  /** The value in the current context; else `dflt` if given; else the variable's default; else
   *  a LookupError. */
  get(dflt?: T): T {
    const v = mapGet(_currentMap(), this);
    if (v !== NONE) return v as T;
    if (arguments.length > 0) return dflt as T;
    if (this._default !== NO_DEFAULT) return this._default;
    throw new LookupError(`<ContextVar name=${JSON.stringify(this.name)}>`);
  }

  /** Sets the value in the current context; the Token restores the previous one. */
  set(value: T): Token<T> {
    const ctx = _currentContext();
    const old = mapGet(ctx._map, this);
    ctx._map = mapSet(ctx._map, this, value);
    return new Token<T>(ctx, this, old === NONE ? Token.MISSING : (old as T));
  }

  /** Restores the value the variable had before the set() that made `token`. */
  reset(token: Token<T>): void {
    if (!(token instanceof Token)) throw new TypeError(`a Token was expected: received ${describe(token)}`);
    if (token._used) throw new RuntimeError(`${token} has already been used once`);
    if (token.var !== this) throw new RangeError(`${token} was created by a different ContextVar`);
    const ctx = _currentContext();
    if (token._ctx !== ctx) throw new RangeError(`${token} was created in a different Context`);
    token._used = true;
    ctx._map = mapSet(ctx._map, this, token.oldValue === Token.MISSING ? NONE : token.oldValue);
  }

  toString(): string {
    return `<ContextVar name=${JSON.stringify(this.name)}${this._default !== NO_DEFAULT ? ` default=${describe(this._default)}` : ""}>`;
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  get [Symbol.toStringTag](): string {
    return "ContextVar";
  }
}

const MISSING: unique symbol = Symbol("Token.MISSING");

/**
 * What ContextVar.set() returns: the variable and the value it had before.
 * @example
 * ```ts
 * const level = new ContextVar<number>("level", { default: 0 });
 * const token = level.set(1);
 * console.log(level.get(), token.oldValue); // 1 0
 * level.reset(token);
 * console.log(level.get()); // 0
 * ```
 */
export class Token<T> {
  /** `oldValue` of a token whose variable had no value before the set(). */
  static readonly MISSING: typeof MISSING = MISSING;
  readonly var: ContextVar<T>;
  readonly oldValue: T | typeof MISSING;
  /** @internal */ _ctx: Context;
  /** @internal */ _used = false;

  constructor(ctx: Context, v: ContextVar<T>, oldValue: T | typeof MISSING) {
    if (!(ctx instanceof Context)) throw new TypeError("Tokens are made by ContextVar.set()");
    this._ctx = ctx;
    this.var = v;
    this.oldValue = oldValue;
  }

  toString(): string {
    return `<Token${this._used ? " used" : ""} var=${this.var}>`;
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  get [Symbol.toStringTag](): string {
    return "Token";
  }
}

/**
 * A mapping of context variables to values; run() makes it the current context.
 * @example
 * ```ts
 * const v = new ContextVar<string>("v");
 * const ctx = copyContext();
 * ctx.run(() => v.set("inside"));
 * console.log(ctx.get(v), v.get("outside")); // inside outside
 * await run(function* () {
 *   const t = createTask(sleep(1, "done"), { context: ctx }); // the task runs in ctx itself
 *   console.log(t.getContext() === ctx, yield* t); // true done
 * });
 * ```
 */
export class Context {
  /** @internal */ _map: _HMap;
  /** @internal entered by run() (or a callback's run) now */
  _entered = false;

  /** An empty context (`new Context()`); copyContext() gives a copy of the current one. */
  constructor(map?: _HMap) {
    this._map = map instanceof _HMap ? map : _EMPTY;
  }

  /** Calls fn(...args) with this context current, and returns what it returns; the variables it
   *  sets stay in this context. Entering a context that is entered now: RuntimeError. */
  run<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): R {
    if (typeof fn !== "function") throw new TypeError(`Context.run() needs a function: received ${describe(fn)}`);
    // A task's context counts as entered while the task runs (CPython enters it for each step).
    if (this._entered || runningTask()?._context === this) {
      throw new RuntimeError(`cannot enter context: ${this} is already entered`);
    }
    const prev = _CTX.current;
    _CTX.current = this;
    this._entered = true;
    try {
      return fn(...args);
    } finally {
      this._entered = false;
      _CTX.current = prev;
    }
  }

  /** A new context with the same values (O(1): the two share the immutable map). */
  copy(): Context {
    return new Context(this._map);
  }

  get<T>(v: ContextVar<T>, dflt?: T): T | undefined {
    if (!(v instanceof ContextVar)) throw new TypeError(`a ContextVar was expected: received ${describe(v)}`);
    const x = mapGet(this._map, v);
    return x === NONE ? dflt : (x as T);
  }

  has(v: ContextVar<any>): boolean {
    if (!(v instanceof ContextVar)) throw new TypeError(`a ContextVar was expected: received ${describe(v)}`);
    return mapGet(this._map, v) !== NONE;
  }

  get size(): number {
    return this._map.size;
  }

  *keys(): Generator<ContextVar<any>, void, undefined> {
    for (const [k] of nodeEntries(this._map.root)) yield k;
  }

  *values(): Generator<unknown, void, undefined> {
    for (const [, v] of nodeEntries(this._map.root)) yield v;
  }

  entries(): Generator<[ContextVar<any>, unknown], void, undefined> {
    return nodeEntries(this._map.root) as Generator<[ContextVar<any>, unknown], void, undefined>;
  }

  /** Iterates the variables, as a Python mapping iterates its keys. */
  [Symbol.iterator](): Generator<ContextVar<any>, void, undefined> {
    return this.keys();
  }

  toString(): string {
    return `<Context size=${this._map.size}>`;
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  get [Symbol.toStringTag](): string {
    return "Context";
  }
}

/** The agent's base context: current outside every task, callback and Context.run(). */
const BASE = new Context();

/**
 * A copy of the current context (contextvars.copy_context).
 * @example
 * ```ts
 * const v = new ContextVar<number>("v", { default: 0 });
 * v.set(1);
 * const snapshot = copyContext();
 * v.set(2);
 * console.log(snapshot.get(v), v.get()); // 1 2
 * ```
 */
export function copyContext(): Context {
  return new Context(_currentMap());
}
