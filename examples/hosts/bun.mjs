// bun.mjs: wasyncio on Bun, where starting another Bun is cheap: a pool of child processes.
//
//   bun examples/hosts/bun.mjs
//
// Five texts go to five child Bun processes (createSubprocessExec), at most two at a time (a
// Semaphore). Each child counts the words of its text and writes its two most frequent words on
// stdout, which the parent reads line by line as they come (StreamReader). gather() collects the
// results in order. A sixth child never answers: a timeout gives it 3 s (room for a child to
// start on a loaded machine), then it is killed and its exit status (-9, SIGKILL) reported.
// "wasyncio" resolves to the package's `bun` entry.
import { run, createSubprocessExec, gather, timeout, Semaphore, TimeoutError, PIPE } from "wasyncio";

const dec = new TextDecoder();

// The child: count the words of its last argument, print "word count" lines, most frequent first.
const COUNT = `
const text = process.argv.at(-1);
if (text.startsWith("hang")) await new Promise(() => setInterval(() => {}, 1000));
const counts = new Map();
for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 2);
for (const [w, n] of top) console.log(w + " " + n);
`;

const texts = [
  "the loop runs the tasks and the tasks await the loop",
  "a queue feeds workers; workers drain the queue",
  "timeouts cancel, cancel cleans up, cleanup runs",
  "bun starts bun fast, so bun runs many bun children",
  "one core, one loop, one answer",
  "hang: this one never answers",
];

const slots = new Semaphore(2);
let running = 0;
let mostAtOnce = 0;

/** One child process: feed it `text`, read its lines, wait for its exit. */
function* count(text) {
  using _slot = yield* slots.hold();
  running++;
  mostAtOnce = Math.max(mostAtOnce, running);
  // (the text goes in argv: a piped stdin fails on Bun for now, see examples/hosts/README.md)
  const proc = yield* createSubprocessExec(process.execPath, ["-e", COUNT, text], { stdout: PIPE });
  try {
    const lines = [];
    try {
      yield* timeout(3000, function* () {
        for (let line; (line = dec.decode(yield* proc.stdout.readline())) !== ""; ) lines.push(line.trim());
      });
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      proc.kill();
      return `no answer in 3 s, killed: exit ${yield* proc.wait()}`;
    }
    const code = yield* proc.wait();
    return `${lines.join(", ")} (exit ${code})`;
  } finally {
    running--;
  }
}

function* main() {
  const results = yield* gather(...texts.map(count));
  for (const [i, r] of results.entries()) console.log(`child ${i + 1}: ${r}`);
  console.log(`${texts.length} children, at most ${mostAtOnce} at once`);
}

await run(main);
