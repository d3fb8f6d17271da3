// (3) Memory: a million projects streamed through the lazy iterator, in a client process of its own
// (the simulator in another), against gitbeaker's all(), which holds every item.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { size, type BenchConfig } from "./config.js";
import { BENCH_DIR } from "./paths.js";
import type { Row, Section } from "./report.js";
import { startRemoteSimulator } from "./sim.js";

const run = promisify(execFile);
const GOAL_MB = 50;

interface ChildResult {
  items: number;
  ms: number;
  baselineMB: number;
  peakGrowthMB: number;
  heapTotalGrowthMB: number;
  heapUsedAtPeakMB: number;
  externalGrowthMB: number;
}

async function child(url: string, mode: string, items: number): Promise<ChildResult> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "--expose-gc", `${BENCH_DIR}/memory-child.ts`, url, mode, String(items)],
    { timeout: 900_000, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout) as ChildResult;
}

export async function memory(config: BenchConfig): Promise<Section> {
  const streamed = size(config, 20_000, 1_000_000);
  const held = size(config, 2_000, 50_000);
  const sim = await startRemoteSimulator({ seed: { syntheticProjects: { count: streamed } } });
  try {
    const ours = await child(sim.url, "iterator", streamed);
    // The same at a fiftieth of the count: if nothing accumulates, the growth is the same.
    const fewer = await child(sim.url, "iterator", streamed / 50);
    // Two sizes, so the extrapolation follows the per-item slope rather than the fixed start-up cost.
    const small = await child(sim.url, "gitbeaker-all", held / 5);
    const beaker = await child(sim.url, "gitbeaker-all", held);
    const slope = Math.max(0, (beaker.peakGrowthMB - small.peakGrowthMB) / (held - held / 5));
    const extrapolated = beaker.peakGrowthMB + slope * (streamed - held);
    const rows: Row[] = [
      {
        name: `httpList iterator, ${streamed.toLocaleString("en")} items: peak RSS growth`,
        value: ours.peakGrowthMB,
        unit: "MB",
        baseline: { name: "gitbeaker all() (extrapolated)", value: extrapolated },
        goal: { text: `< ${GOAL_MB} MB`, met: ours.peakGrowthMB < GOAL_MB },
        note: `${ours.items.toLocaleString("en")} items in ${(ours.ms / 1000).toFixed(1)} s`,
      },
      {
        name: `@gitbeaker/rest Projects.all(), ${held.toLocaleString("en")} items: peak RSS growth`,
        value: beaker.peakGrowthMB,
        unit: "MB",
        note: `${beaker.items.toLocaleString("en")} items in ${(beaker.ms / 1000).toFixed(1)} s`,
      },
      {
        name: `@gitbeaker/rest Projects.all(), ${streamed.toLocaleString("en")} items (extrapolated)`,
        value: extrapolated,
        unit: "MB",
        note: `extrapolated linearly from ${(held / 5).toLocaleString("en")} and ${held.toLocaleString("en")} items (${(slope * 1000).toFixed(1)} MB per 1,000 items): all() keeps every item; not run at full size`,
      },
    ];
    return {
      title: "3. Memory",
      method:
        `Full project objects, 100 per page, no added latency. The client runs in a process of its own (the simulator in another); ` +
        `peak RSS growth is the highest RSS seen (sampled, and the process's maxRSS) minus RSS after warm-up and a GC. ` +
        `Above 10,000 items GitLab sends no X-Total-Pages, so the iterator follows Link headers one page at a time.`,
      rows,
      notes: [
        `At the peak: V8 heap ${ours.heapTotalGrowthMB.toFixed(1)} MB above the baseline (${ours.heapUsedAtPeakMB.toFixed(1)} MB used), ` +
          `Buffers (external) ${ours.externalGrowthMB.toFixed(1)} MB above it; the rest of the RSS growth is allocator and V8 young-generation headroom. ` +
          `For comparison, ${(streamed / 50).toLocaleString("en")} items through the same iterator: ${fewer.peakGrowthMB.toFixed(1)} MB. ` +
          "Pages are dropped once consumed; what varies is when V8 collects (run with --max-semi-space-size=4 the growth roughly halves).",
      ],
    };
  } finally {
    await sim.close();
  }
}
