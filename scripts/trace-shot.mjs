// trace-shot.mjs: the README's picture of a trace. Runs examples/trace-demo.mjs with
// `{ trace }`, draws the Chrome Trace Event JSON it wrote as a timeline (one row per track, in the
// trace's own order and names; steps, waits and task lifetimes as bars, cancel requests as
// marks) in a page, and screenshots that page with the headless Chromium the browser suite uses.
//
//   npm run build && node scripts/trace-shot.mjs [out.png]     (default docs/trace.png)
//
// Perfetto (ui.perfetto.dev) and chrome://tracing open the same JSON file; this drawing exists
// so that the picture can be made offline and again whenever the format changes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromiumPath } from "./chromium.mjs";

const out = resolve(process.argv[2] ?? "docs/trace.png");
const dir = mkdtempSync(join(tmpdir(), "wasyncio-shot-"));
const file = join(dir, "demo.trace.json");
const r = spawnSync(process.execPath, ["examples/trace-demo.mjs", file], { stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);
const trace = JSON.parse(readFileSync(file, "utf8"));

const names = new Map();
const order = new Map();
for (const e of trace.traceEvents) {
  if (e.ph === "M" && e.name === "thread_name") names.set(e.tid, e.args.name);
  if (e.ph === "M" && e.name === "thread_sort_index") order.set(e.tid, e.args.sort_index);
}
const tids = [...names.keys()].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
const end = Math.max(...trace.traceEvents.filter((e) => e.ph === "X").map((e) => e.ts + e.dur));
const W = 1400, LABEL = 300, ROW = 30, TOP = 34;
const x = (ts) => LABEL + ((W - LABEL - 20) * ts) / end;
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const colour = { task: "#d9e6f5", step: "#2f6fb3", wait: "#f3c969", loop: "#7a9a5b" };
let svg = "";
tids.forEach((tid, row) => {
  const y = TOP + row * ROW;
  svg += `<text x="8" y="${y + 19}" class="name">${esc(names.get(tid))}</text><line x1="${LABEL}" x2="${W - 10}" y1="${y + ROW}" y2="${y + ROW}" class="grid"/>`;
  const evs = trace.traceEvents.filter((e) => e.tid === tid && e.ph !== "M");
  for (const e of evs.filter((e) => e.ph === "X").sort((a, b) => b.dur - a.dur)) {
    const inset = e.cat === "task" ? 3 : e.cat === "wait" ? 9 : 6;
    const w = Math.max(1.5, x(e.ts + e.dur) - x(e.ts));
    svg += `<rect x="${x(e.ts)}" y="${y + inset}" width="${w}" height="${ROW - 2 * inset}" fill="${colour[e.cat] ?? "#999"}"><title>${esc(e.name)} ${(e.dur / 1000).toFixed(2)} ms</title></rect>`;
    if (e.cat === "wait" && w > 110) svg += `<text x="${x(e.ts) + 4}" y="${y + 19}" class="lbl">${esc(e.name.slice(0, Math.floor((w - 6) / 7)))}</text>`;
  }
  for (const e of evs.filter((e) => e.ph === "i")) {
    svg += `<path d="M${x(e.ts)} ${y + 2} l5 7 l-5 7 l-5 -7 z" fill="${e.name === "cancelled" ? "#b3261e" : "#e8710a"}"><title>${esc(e.name)} ${esc(JSON.stringify(e.args ?? {}))}</title></path>`;
  }
});
const H = TOP + tids.length * ROW + 40;
let axis = "";
for (let ms = 0; ms * 1000 <= end; ms += Math.max(1, Math.round(end / 1000 / 10))) axis += `<text x="${x(ms * 1000)}" y="22" class="tick">${ms} ms</text><line x1="${x(ms * 1000)}" x2="${x(ms * 1000)}" y1="26" y2="${H - 40}" class="grid"/>`;
const legend = `<g transform="translate(${LABEL},${H - 22})">` +
  [["task lifetime", colour.task], ["step", colour.step], ["wait (what it waited on)", colour.wait], ["loop iteration", colour.loop]].map(([t, c], i) => `<rect x="${i * 210}" y="-10" width="14" height="12" fill="${c}"/><text x="${i * 210 + 20}" y="0" class="tick">${t}</text>`).join("") +
  `<path d="M${850} -10 l5 7 l-5 7 l-5 -7 z" fill="#e8710a"/><text x="862" y="0" class="tick">cancel requested</text><path d="M${1010} -10 l5 7 l-5 7 l-5 -7 z" fill="#b3261e"/><text x="1022" y="0" class="tick">cancelled</text></g>`;
const html = `<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#fff;font:13px system-ui,sans-serif}.name{font:12px monospace;fill:#222}.lbl{font:11px monospace;fill:#5a4500}.tick{font:11px sans-serif;fill:#555}.grid{stroke:#eee}</style>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${axis}${svg}${legend}</svg>`;
const page = join(dir, "trace.html");
writeFileSync(page, html);

const { chromium } = await import("playwright-core");
const exe = await chromiumPath({ log: (m) => console.warn(m) });
const browser = await chromium.launch({ executablePath: exe.path, env: { ...process.env, ...exe.env }, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const tab = await browser.newPage({ viewport: { width: W, height: H } });
await tab.goto(`file://${page}`);
await tab.screenshot({ path: out });
await browser.close();
console.log(`wrote ${out} (${tids.length} tracks, ${(end / 1000).toFixed(1)} ms)`);
