// core.ts: the façade's end of the loader (host/load.ts): which core a new loop gets, what a
// checked core's trap becomes (InternalError, which poisons the loop), and what a closed loop's
// core becomes (every export throws "Event loop is closed", so a task or handle of a closed loop
// cannot reach the instance another loop now uses).

import { coreAvailable, instantiateCore, type CoreExports, type CoreKind } from "../../host/load.js";
import { InternalError, RuntimeError } from "../errors.js";

export type { CoreKind };

let defaultKind: CoreKind = "release";

/** @internal the package entry's choice (wasyncio/portable: the wasm2js core) */
export function _setDefaultCore(kind: CoreKind): void {
  defaultKind = kind;
}

/** @internal `checked` (coreChecks, WASYNCIO_CORE_DEBUG) wins over the entry's default */
export function _coreKind(checked: boolean, kind: CoreKind | undefined): CoreKind {
  return checked ? "checked" : (kind ?? defaultKind);
}

const trapError = (message: string): Error => new InternalError(message);

/** @internal a fresh, empty core of `kind`, or the error that says what to import; `pooled`:
 *  may be a closed loop's reset instance (host/load.ts) */
export function _openCore(kind: CoreKind, pooled = true): CoreExports {
  if (!coreAvailable(kind)) {
    if (kind === "portable") throw new RuntimeError("The portable core is not in this bundle: import \"wasyncio/portable\"");
    if (typeof WebAssembly === "undefined") throw new InternalError("This engine has no WebAssembly: import 'wasyncio/portable', which runs the same core as JavaScript");
    throw new RuntimeError("The checked core (coreChecks, WASYNCIO_CORE_DEBUG) is not in this bundle: import \"wasyncio/debug-core\" first");
  }
  return instantiateCore(kind, trapError, pooled);
}

/** @internal what a closed loop's `_core` becomes */
export const _closedCore: CoreExports = new Proxy({} as CoreExports, {
  get(_t, name) {
    if (name === "memory") return { buffer: new ArrayBuffer(0) };
    // Introspection of a closed loop: nothing is live.
    if (typeof name === "string" && /^(live|timerCount|cancelledTimers|readyCount|coreInUse)/.test(name)) return () => 0;
    return () => {
      throw new RuntimeError("Event loop is closed");
    };
  },
});
