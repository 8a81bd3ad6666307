// callLater(): a callback prints the date every second for five seconds, then stops the loop.
import { newEventLoop } from "wasyncio";
import { pyNow } from "./pydate.mjs";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function displayDate(endTime, loop) {
  console.log(pyNow());
  if (loop.time() + 1000 * S < endTime) loop.callLater(1000 * S, displayDate, endTime, loop);
  else loop.stop();
}

const loop = newEventLoop();

// Schedule the first call to displayDate()
const endTime = loop.time() + 5000 * S;
loop.callSoon(displayDate, endTime, loop);

// runForever() resolves once loop.stop() is called
try {
  await loop.runForever();
} finally {
  loop.close();
}
