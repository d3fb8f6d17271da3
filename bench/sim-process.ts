// A simulator in its own process: `node --import tsx bench/sim-process.ts '<SimulatorOptions as JSON>'`.
// Running it apart keeps its CPU off the client's event loop and its memory out of the client's RSS.
// It prints one JSON line { url, info } once listening and exits when its stdin closes, so it never
// outlives the benchmark that started it.

import { startSimulator, type SimulatorOptions } from "../src/simulator/index.js";

const options = JSON.parse(process.argv[2] ?? "{}") as SimulatorOptions;
const sim = await startSimulator({ ...options, host: "127.0.0.1", port: 0 });

// The request log grows by one record per request; a benchmark sends tens of thousands.
const trim = setInterval(() => {
  sim.requests.length = 0;
}, 500);
trim.unref();

process.stdout.write(`${JSON.stringify({ url: sim.url, info: sim.info })}\n`);

const stop = (): void => {
  clearInterval(trim);
  void sim.close().finally(() => process.exit(0));
};
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
