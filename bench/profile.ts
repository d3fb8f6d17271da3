// Profile one client variant's per-request path:
//   node --import tsx --cpu-prof --cpu-prof-dir=<dir> bench/profile.ts <variant> [requests]
//   npx tsx bench/profile.ts --summary <dir>/<file>.cpuprofile
// Variants: axios, httpGet, generated, path. The simulator runs in another process, so the profile is the client's.

import http from "node:http";
import { readFileSync } from "node:fs";
import axios from "axios";
import { Gitlab } from "../src/index.js";
import "../src/paths.js";
import { getApiV4ProjectsId } from "../generated/endpoints/projects.js";
import { startRemoteSimulator, TOKEN } from "./sim.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Self time by function, top 30, as a share of all samples. */
function summarize(file: string): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const total = profile.samples.length;
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*node_modules\//, "").replace(/^.*\/work\/main\//, "");
    const key = `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30);
  for (const [key, hits] of top)
    console.log(`${((hits / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}

async function main(): Promise<void> {
  if (process.argv[2] === "--summary") return summarize(process.argv[3]!);
  const variant = process.argv[2] ?? "generated";
  const requests = Math.min(Number(process.argv[3] ?? 5000), 100_000);
  const sim = await startRemoteSimulator({});
  try {
    const gl = new Gitlab({ url: sim.url, privateToken: TOKEN });
    const rawAxios = axios.create({
      httpAgent: new http.Agent({ keepAlive: true }),
      headers: { "PRIVATE-TOKEN": TOKEN },
    });
    const calls: Record<string, () => Promise<unknown>> = {
      axios: () => rawAxios.get(`${sim.url}/api/v4/projects/1`),
      httpGet: () => gl.httpGet("/projects/1"),
      generated: () => getApiV4ProjectsId(gl, { path: { id: 1 } }),
      path: () => gl.GET("/api/v4/projects/{id}", { params: { path: { id: 1 } } }),
    };
    const call = calls[variant];
    if (call === undefined) throw new Error(`unknown variant ${variant}`);
    for (let i = 0; i < requests; i++) await call();
  } finally {
    await sim.close();
  }
}

await main();
