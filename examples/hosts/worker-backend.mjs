// worker-backend.mjs: the "prices" service that worker.mjs asks (a plain Worker, no wasyncio):
// each price answers after a short delay; "slow" answers only after 30 s.
const PRICES = { apple: 3, pear: 4, plum: 2, fig: 7, kiwi: 5 };

export default {
  async fetch(request) {
    const item = new URL(request.url).searchParams.get("item") ?? "";
    await new Promise((r) => setTimeout(r, item === "slow" ? 30_000 : 20));
    if (!(item in PRICES)) return new Response(`no price for ${item}\n`, { status: 404 });
    return Response.json({ item, price: PRICES[item] });
  },
};
