// vitest.ts: the part of vitest's API that the host-neutral test files use, for the contract
// runner (scripts/contract.mjs), which runs those files on Deno, Bun and workerd, where vitest
// does not run. The bundler aliases "vitest" to this module.
//
// `expect` is vitest's own: @vitest/expect's Jest-style plugins on chai, as vitest installs them,
// so every matcher and its message are the same as in the Node and browser suites. `vi.spyOn` is
// @vitest/spy's. describe/it/test (with .each), the four hooks and per-test timeouts follow
// vitest's order: describe bodies run when the file is collected; beforeAll/afterAll once per
// describe; beforeEach hooks outer first, afterEach inner first; a test fails on a throw, a
// rejected promise or its timeout (default 20 s, as vitest.config.ts).

import * as chai from "chai";
import { ChaiStyleAssertions, GLOBAL_EXPECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, getState, setState } from "@vitest/expect";
import { spyOn, fn } from "@vitest/spy";

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

type Expect = ((value: unknown, message?: string) => any) & Record<string, any>;
export const expect: Expect = ((value: unknown, message?: string) => {
  const { assertionCalls } = getState(expect as any);
  setState({ assertionCalls: assertionCalls + 1 }, expect as any);
  return chai.expect(value, message);
}) as Expect;
Object.assign(expect, chai.expect);
setState({ assertionCalls: 0, isExpectingAssertions: false, expectedAssertionsNumber: null, currentTestName: "" } as any, expect as any);
(globalThis as any)[GLOBAL_EXPECT] ??= expect;
expect.getState = () => getState(expect as any);
expect.setState = (s: object) => setState(s as any, expect as any);
expect.extend = (matchers: object) => (chai.expect as any).extend(expect, matchers);
expect.unreachable = (message?: string) => chai.assert.fail(`expected${message ? ` "${message}" ` : " "}not to be reached`);

export const vi = { spyOn, fn };

type Fn = () => unknown;
interface Test {
  name: string;
  fn: Fn;
  timeout: number;
  /** Why the file itself skips it (runIf/skipIf/skip), if it does. */
  skipped?: string;
}
interface Suite {
  name: string;
  factory: Fn | null;
  skipped?: string;
  children: (Suite | Test)[];
  beforeAll: Fn[];
  afterAll: Fn[];
  beforeEach: Fn[];
  afterEach: Fn[];
}

const DEFAULT_TIMEOUT = 20_000;
const newSuite = (name: string, factory: Fn | null): Suite => ({ name, factory, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] });
const root = newSuite("", null);
let current = root;

/** vitest's name formatting for .each: printf-style %s %d %i %f %j %o %%, and $key for objects. */
function format(name: string, args: unknown[]): string {
  let i = 0;
  let out = name.replace(/%[sdifjo%]/g, (m) => {
    if (m === "%%") return "%";
    const v = args[i++];
    if (m === "%d" || m === "%i") return String(m === "%i" ? Math.trunc(Number(v)) : Number(v));
    if (m === "%f") return String(Number(v));
    if (m === "%j") return JSON.stringify(v);
    return typeof v === "string" ? v : m === "%o" ? JSON.stringify(v) : String(v);
  });
  const first = args[0];
  if (args.length === 1 && first !== null && typeof first === "object") {
    out = out.replace(/\$([A-Za-z_][\w.]*)/g, (m, key: string) => {
      let v: any = first;
      for (const k of key.split(".")) v = v?.[k];
      return v === undefined ? m : typeof v === "string" ? v : String(v);
    });
  }
  return out;
}

/** .each: a row that is an array is spread into the arguments (vitest's rule); else passed as one. */
function each<F extends (name: string, body: any, timeout?: number) => void>(declare: F) {
  return (table: readonly unknown[]) =>
    (name: string, body: (...a: any[]) => unknown, timeout?: number) => {
      for (const row of table) {
        const args = Array.isArray(row) ? row : [row];
        declare(format(name, args), () => body(...args), timeout);
      }
    };
}

function declareTest(name: string, body: Fn, timeout?: number, skipped?: string): void {
  current.children.push({ name, fn: body, timeout: timeout ?? DEFAULT_TIMEOUT, skipped: skipped ?? current.skipped });
}
function declareSuite(name: string, factory: Fn, _timeout?: number, skipped?: string): void {
  const s = newSuite(name, factory);
  s.skipped = skipped ?? current.skipped;
  current.children.push(s);
}

/** vitest's .skip, .runIf(cond) and .skipIf(cond): the file's own conditions, reported as skipped. */
function conditional<F extends (name: string, body: any, timeout?: number, skipped?: string) => void>(declare: F) {
  const when = (skip: boolean, why: string) => (name: string, body: any, timeout?: number) => declare(name, body, timeout, skip ? why : undefined);
  return {
    each: each(declare),
    skip: when(true, "the file skips it (.skip)"),
    runIf: (cond: unknown) => when(!cond, "the file runs it only where its condition holds (.runIf), not here"),
    skipIf: (cond: unknown) => when(!!cond, "the file skips it where its condition holds (.skipIf), as here"),
  };
}

export const it = Object.assign(declareTest, conditional(declareTest));
export const test = it;
export const describe = Object.assign(declareSuite, conditional(declareSuite));

/** vitest's provide/inject: the values the runner provides (scripts/contract.mjs), like a globalSetup's. */
export function inject(key: string): unknown {
  const provided = (globalThis as { __contractConfig?: { provided?: Record<string, unknown> } }).__contractConfig?.provided ?? {};
  if (!(key in provided)) throw new Error(`inject("${key}"): the contract runner provides no such value (scripts/contract.mjs, provided)`);
  return provided[key];
}
export const beforeAll = (f: Fn) => void current.beforeAll.push(f);
export const afterAll = (f: Fn) => void current.afterAll.push(f);
export const beforeEach = (f: Fn) => void current.beforeEach.push(f);
export const afterEach = (f: Fn) => void current.afterEach.push(f);

// ---- running ---------------------------------------------------------------------------------

export interface TestResult {
  name: string;
  state: "passed" | "failed" | "skipped";
  ms: number;
  error?: string;
  reason?: string;
}
export interface RunOptions {
  /** Why a test cannot pass on this host (a reason of the host's), or undefined to run it. */
  skip?: (fullName: string) => string | undefined;
  /** Called after each test. */
  report?: (r: TestResult) => void;
  /** Multiplies every test's timeout (a slower host). */
  timeoutFactor?: number;
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const stack = e.stack ?? `${e.name}: ${e.message}`;
    return stack.includes(e.message) ? stack : `${e.name}: ${e.message}\n${stack}`;
  }
  return String(e);
}

async function withTimeout(f: Fn, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(f),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Test timed out in ${ms}ms.`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function collect(s: Suite): Promise<void> {
  for (const c of s.children) {
    if (!("factory" in c) || c.factory === null) continue;
    // A skipped describe's body still runs (vitest collects it), so its tests are counted.
    const outer = current;
    current = c;
    try {
      await c.factory();
    } finally {
      current = outer;
    }
    await collect(c);
  }
}

function hasTests(s: Suite): boolean {
  return s.children.some((c) => !("factory" in c) || hasTests(c));
}

async function runSuite(s: Suite, path: string[], chain: Suite[], opts: RunOptions, out: TestResult[]): Promise<void> {
  const prefix = s.name ? [...path, s.name] : path;
  const scope = [...chain, s];
  let setupError: unknown = undefined;
  const live = hasTests(s) && s.children.some((c) => !c.skipped);
  if (live) {
    try {
      for (const h of s.beforeAll) await withTimeout(h, DEFAULT_TIMEOUT);
    } catch (e) {
      setupError = e;
    }
  }
  for (const c of s.children) {
    if ("factory" in c) {
      await runSuite(c, prefix, scope, opts, out);
      continue;
    }
    const full = [...prefix, c.name].join(" > ");
    const reason = c.skipped ?? opts.skip?.(full);
    let r: TestResult;
    if (reason !== undefined) {
      r = { name: full, state: "skipped", ms: 0, reason };
    } else {
      const t0 = performance.now();
      let error: unknown = setupError;
      if (error === undefined) {
        setState({ assertionCalls: 0, currentTestName: full } as any, expect as any);
        try {
          for (const sc of scope) for (const h of sc.beforeEach) await withTimeout(h, DEFAULT_TIMEOUT);
          await withTimeout(c.fn, c.timeout * (opts.timeoutFactor ?? 1));
        } catch (e) {
          error = e;
        }
        for (const sc of [...scope].reverse()) {
          for (const h of [...sc.afterEach].reverse()) {
            try {
              await withTimeout(h, DEFAULT_TIMEOUT);
            } catch (e) {
              error ??= e;
            }
          }
        }
      }
      r = error === undefined ? { name: full, state: "passed", ms: performance.now() - t0 } : { name: full, state: "failed", ms: performance.now() - t0, error: errorText(error) };
    }
    out.push(r);
    opts.report?.(r);
  }
  if (live) {
    for (const h of [...s.afterAll].reverse()) {
      try {
        await withTimeout(h, DEFAULT_TIMEOUT);
      } catch (e) {
        out.push({ name: [...prefix, "afterAll"].join(" > "), state: "failed", ms: 0, error: errorText(e) });
      }
    }
  }
}

/** Collects the tests that the imported file declared and runs them in order. */
export async function runCollected(opts: RunOptions = {}): Promise<TestResult[]> {
  const out: TestResult[] = [];
  await collect(root);
  await runSuite(root, [], [], opts, out);
  return out;
}
