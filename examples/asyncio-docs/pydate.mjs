// pydate.mjs: the local date and time as Python prints datetime.datetime.now()
// ("2026-12-06 05:14:54.123000"), so that the ports print what the originals print.
const two = (n) => String(n).padStart(2, "0");

export function pyNow(d = new Date()) {
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds() * 1000).padStart(6, "0")}`;
}
