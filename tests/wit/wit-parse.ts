// wit-parse.ts: just enough of a WIT parser to check core.wasm against wit/: packages,
// interfaces with `use`, `type` aliases, `enum`s, `flags` and `func`s with scalar types, and
// worlds' `export` lines. Anything else in a file is an error, so the check cannot pass by skipping it.

export interface WitFunc {
  iface: string;
  name: string;
  params: { name: string; type: string }[];
  result: string | null;
  docs: string;
}
export interface Wit {
  packages: Set<string>;
  funcs: WitFunc[];
  /** alias name -> type it stands for */
  aliases: Map<string, string>;
  enums: Map<string, string[]>;
  flags: Map<string, string[]>;
  /** enum or flags name -> the file that declares it */
  declaredIn: Map<string, string>;
  interfaces: Set<string>;
  worldExports: Map<string, string[]>;
}

const SCALARS = new Set(["bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char"]);

export function parseWit(files: { name: string; text: string }[]): Wit {
  const wit: Wit = {
    packages: new Set(), funcs: [], aliases: new Map(), enums: new Map(), flags: new Map(), declaredIn: new Map(),
    interfaces: new Set(), worldExports: new Map(),
  };
  for (const { name, text } of files) {
    // Tokens: identifiers (kebab, with %), punctuation, `->`, `///` doc lines; `//` comments dropped.
    const toks: { t: string; doc?: string }[] = [];
    let doc: string[] = [];
    const re = /(\/\/\/[^\n]*)|(\/\/[^\n]*)|(\/\*[\s\S]*?\*\/)|(->)|([%a-zA-Z_][\w\-]*(?::[\w\-]+(?:\/[\w\-]+)?)?(?:@[\w.\-]+)?)|([{}();:,<>=.])|(\s+)|(.)/g;
    for (const m of text.matchAll(re)) {
      if (m[1]) doc.push(m[1].slice(3).trim());
      else if (m[2] || m[3] || m[7]) continue;
      else if (m[8]) throw new Error(`${name}: unexpected character ${JSON.stringify(m[8])}`);
      else {
        toks.push({ t: m[0], doc: doc.join("\n") });
        doc = [];
      }
    }
    let i = 0;
    const peek = () => toks[i]?.t;
    const next = () => {
      if (i >= toks.length) throw new Error(`${name}: unexpected end of file`);
      return toks[i++];
    };
    const expect = (t: string) => {
      const got = next().t;
      if (got !== t) throw new Error(`${name}: expected ${t}, found ${got} (token ${i})`);
    };
    const ident = () => {
      const t = next().t;
      if (!/^%?[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(t)) throw new Error(`${name}: not a kebab-case identifier: ${t}`);
      return t.replace(/^%/, "");
    };
    while (i < toks.length) {
      const tok = next();
      if (tok.t === "package") {
        wit.packages.add(next().t);
        expect(";");
      } else if (tok.t === "interface") {
        const iface = ident();
        wit.interfaces.add(iface);
        expect("{");
        while (peek() !== "}") {
          const item = toks[i];
          const head = next().t;
          if (head === "use") {
            next(); // types.{a, b}
            expect(".");
            expect("{");
            while (peek() !== "}") {
              ident();
              if (peek() === ",") next();
            }
            expect("}");
            expect(";");
          } else if (head === "type") {
            const a = ident();
            expect("=");
            wit.aliases.set(a, ident());
            expect(";");
          } else if (head === "enum" || head === "flags") {
            const e = ident();
            const cases: string[] = [];
            expect("{");
            while (peek() !== "}") {
              cases.push(ident());
              if (peek() === ",") next();
            }
            expect("}");
            if (wit.declaredIn.has(e)) throw new Error(`${name}: ${head} ${e} declared twice`);
            (head === "enum" ? wit.enums : wit.flags).set(e, cases);
            wit.declaredIn.set(e, name);
          } else {
            i--;
            const fname = ident();
            expect(":");
            expect("func");
            expect("(");
            const params: { name: string; type: string }[] = [];
            while (peek() !== ")") {
              const pn = ident();
              expect(":");
              params.push({ name: pn, type: ident() });
              if (peek() === ",") next();
            }
            expect(")");
            let result: string | null = null;
            if (peek() === "->") {
              next();
              result = ident();
            }
            expect(";");
            wit.funcs.push({ iface, name: fname, params, result, docs: item.doc ?? "" });
          }
        }
        expect("}");
      } else if (tok.t === "world") {
        const world = ident();
        const exports: string[] = [];
        expect("{");
        while (peek() !== "}") {
          const kw = next().t;
          if (kw !== "export" && kw !== "import") throw new Error(`${name}: unsupported world item ${kw}`);
          const what = ident();
          expect(";");
          if (kw === "export") exports.push(what);
        }
        expect("}");
        wit.worldExports.set(world, exports);
      } else throw new Error(`${name}: unsupported top-level item ${tok.t}`);
    }
  }
  return wit;
}

/** The core Wasm type a WIT type lowers to (canonical ABI flattening of one scalar). */
export function coreType(wit: Wit, type: string): "i32" | "i64" | "f32" | "f64" {
  const seen = new Set<string>();
  let t = type;
  while (wit.aliases.has(t)) {
    if (seen.has(t)) throw new Error(`alias cycle at ${t}`);
    seen.add(t);
    t = wit.aliases.get(t)!;
  }
  if (wit.enums.has(t)) return "i32";
  // Flags lower to one i32 per 32 flags; more than 32 would not be one scalar.
  if (wit.flags.has(t)) {
    if (wit.flags.get(t)!.length > 32) throw new Error(`flags ${t}: more than 32 flags`);
    return "i32";
  }
  if (!SCALARS.has(t)) throw new Error(`unsupported WIT type: ${type}`);
  if (t === "u64" || t === "s64") return "i64";
  if (t === "f32" || t === "f64") return t;
  return "i32";
}

export const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const kebab = (camelName: string) => camelName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
