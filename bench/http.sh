#!/usr/bin/env bash
# bench/http.sh: examples/http-server.mjs (wasyncio streams, a per-request timeout()) against the
# same responses from node:http, under ApacheBench with keep-alive (Debian's apache2-utils:
# `apt-get install -y apache2-utils`; a benchmark tool, not needed by the tests).
#   bash bench/http.sh [requests=50000] [concurrency=50]        (after `npm run build`)
# Prints requests/s of each and the ratio wasyncio / node:http. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50000}
C=${2:-50}
command -v ab >/dev/null || { echo "bench/http.sh needs ab (apt-get install -y apache2-utils)"; exit 2; }
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
start() { # $1: variable for the port; the rest: the command. Not run in $(...): PIDS must be ours
  local var=$1 log; shift
  log=$(mktemp)
  "$@" >"$log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do grep -qo '127.0.0.1:[0-9]*' "$log" && break; sleep 0.05; done
  printf -v "$var" '%s' "$(grep -o '127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f2)"
}
start W node examples/http-server.mjs 0
start H node -e '
const http = require("node:http");
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (d) => chunks.push(d));
  req.on("end", () => {
    const body = req.method === "POST" ? Buffer.concat(chunks) : Buffer.from(`${req.method} ${req.url}\n`);
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": body.length });
    res.end(body);
  });
});
s.keepAliveTimeout = 10000;
s.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${s.address().port}/`));'
rps() { ab -q -k -c "$C" -n "$N" "http://127.0.0.1:$1/bench" 2>/dev/null | awk '/Requests per second/ {print $4}'; }
rps "$W" >/dev/null; rps "$H" >/dev/null # warm-up
declare -a rw rh
for i in 1 2 3; do rw+=("$(rps "$W")"); rh+=("$(rps "$H")"); done
med() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
mw=$(med "${rw[@]}"); mh=$(med "${rh[@]}")
echo "requests/s (median of 3, ab -k -c $C -n $N): wasyncio streams + timeout() $mw, node:http $mh, ratio $(awk "BEGIN { printf \"%.2f\", $mw / $mh }")"
