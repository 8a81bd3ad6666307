// wasm-sig.ts: the exported functions' signatures of a core Wasm module, read from its binary
// (type, import, function and export sections). WebAssembly.Module.exports gives names and
// kinds only; the JS API has no way to read a function's parameter and result types.

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref";
export interface Sig {
  params: ValType[];
  results: ValType[];
}

const VALTYPES: Record<number, ValType> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };

export function exportedFunctions(bytes: Uint8Array): Map<string, Sig> {
  let p = 0;
  const u8 = () => bytes[p++];
  const uleb = () => {
    let r = 0;
    let shift = 0;
    for (;;) {
      const b = u8();
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) return r;
    }
  };
  const name = () => {
    const n = uleb();
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const valtype = () => {
    const b = u8();
    const t = VALTYPES[b];
    if (!t) throw new Error(`unknown value type 0x${b.toString(16)} at ${p - 1}`);
    return t;
  };
  const limits = () => {
    const flags = u8();
    uleb();
    if (flags & 1) uleb();
  };

  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error("not a Wasm module");
  p = 8;
  const types: Sig[] = [];
  const funcs: number[] = []; // function index -> type index (imports first)
  const out = new Map<string, Sig>();
  while (p < bytes.length) {
    const id = u8();
    const size = uleb();
    const end = p + size;
    if (id === 1) {
      for (let n = uleb(); n > 0; n--) {
        if (u8() !== 0x60) throw new Error("only function types are supported");
        const params = Array.from({ length: uleb() }, valtype);
        const results = Array.from({ length: uleb() }, valtype);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = uleb(); n > 0; n--) {
        name();
        name();
        const kind = u8();
        if (kind === 0) funcs.push(uleb());
        else if (kind === 1) {
          u8();
          limits();
        } else if (kind === 2) limits();
        else if (kind === 3) {
          valtype();
          u8();
        } else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (id === 3) {
      for (let n = uleb(); n > 0; n--) funcs.push(uleb());
    } else if (id === 7) {
      for (let n = uleb(); n > 0; n--) {
        const nm = name();
        const kind = u8();
        const index = uleb();
        if (kind === 0) out.set(nm, types[funcs[index]]);
      }
    }
    p = end;
  }
  return out;
}
