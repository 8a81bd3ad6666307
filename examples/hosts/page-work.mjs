// page-work.mjs: what page.mjs runs in Web Workers (toThread imports it there by URL).
/** How many primes p with lo <= p < hi (trial division: slow on purpose, it is the work). */
export function countPrimes(lo, hi) {
  let n = 0;
  for (let p = Math.max(lo, 2); p < hi; p++) {
    let prime = true;
    for (let d = 2; d * d <= p; d++) {
      if (p % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) n++;
  }
  return n;
}
