// The client side of the memory measure, alone in its process (run with --expose-gc):
//   memory-child.ts <url> iterator|gitbeaker-all <items>
// Prints { items, ms, baselineMB, peakGrowthMB, and the heap/external split at the peak } as JSON. The simulator runs elsewhere.

import { performance } from "node:perf_hooks";
import { Gitlab as Gitbeaker } from "@gitbeaker/rest";
import { Gitlab } from "../src/index.js";
import { TOKEN } from "./sim.js";

const [url, mode, wanted] = process.argv.slice(2) as [string, string, string];
const limit = Number(wanted);
const MB = 2 ** 20;

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

let peak = 0;
/** Where the memory was at the highest sample: V8 heap, off-heap (Buffers), the rest. */
let atPeak = { heapTotalMB: 0, heapUsedMB: 0, externalMB: 0 };
const sample = (): void => {
  const usage = process.memoryUsage();
  if (usage.rss <= peak) return;
  peak = usage.rss;
  atPeak = {
    heapTotalMB: usage.heapTotal / MB,
    heapUsedMB: usage.heapUsed / MB,
    externalMB: usage.external / MB,
  };
};

async function iterate(): Promise<number> {
  const gl = new Gitlab({ url, privateToken: TOKEN });
  let n = 0;
  for await (const _ of await gl.httpList("/projects", { iterator: true, perPage: 100 })) {
    if (++n % 5_000 === 0) sample();
    if (n >= limit) break;
  }
  return n;
}

async function gitbeakerAll(): Promise<number> {
  const beaker = new Gitbeaker({ host: url, token: TOKEN });
  const timer = setInterval(sample, 20);
  try {
    const items = await beaker.Projects.all({ perPage: 100, maxPages: Math.ceil(limit / 100) });
    sample();
    return items.length;
  } finally {
    clearInterval(timer);
  }
}

// Warm up the code paths (and their allocations) before the baseline is taken.
await new Gitlab({ url, privateToken: TOKEN }).httpList("/projects", {
  perPage: 100,
  getAll: false,
});
await new Gitbeaker({ host: url, token: TOKEN }).Projects.all({ perPage: 100, maxPages: 1 });
collect();
const baseline = process.memoryUsage.rss();
const maxBefore = process.resourceUsage().maxRSS * 1024;
peak = baseline;
const before = process.memoryUsage();
const start = performance.now();
const items = mode === "iterator" ? await iterate() : await gitbeakerAll();
const ms = performance.now() - start;
const maxAfter = process.resourceUsage().maxRSS * 1024;
// maxRSS catches peaks between samples, but only counts if it rose during the measure.
if (maxAfter > maxBefore) peak = Math.max(peak, maxAfter);
process.stdout.write(
  `${JSON.stringify({
    items,
    ms,
    baselineMB: baseline / MB,
    peakGrowthMB: (peak - baseline) / MB,
    heapTotalGrowthMB: atPeak.heapTotalMB - before.heapTotal / MB,
    heapUsedAtPeakMB: atPeak.heapUsedMB,
    externalGrowthMB: atPeak.externalMB - before.external / MB,
  })}\n`,
);
