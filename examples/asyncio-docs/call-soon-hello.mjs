// callSoon(): a callback prints Hello World and stops the loop.
import { newEventLoop } from "wasyncio";

function helloWorld(loop) {
  console.log("Hello World");
  loop.stop();
}

const loop = newEventLoop();

// Schedule a call to helloWorld()
loop.callSoon(helloWorld, loop);

// runForever() resolves once loop.stop() is called
try {
  await loop.runForever();
} finally {
  loop.close();
}
