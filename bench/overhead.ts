// (1) Per-request overhead: sequential GET /projects/1 over one keep-alive loopback connection.
// Variants run in interleaved rounds (rotating order) so drift in the machine hits them all alike;
// each figure is the median of the rounds' mean time per request.

import http from "node:http";
import { performance } from "node:perf_hooks";
import { Gitlab as Gitbeaker } from "@gitbeaker/rest";
import axios from "axios";
import { Gitlab } from "../src/index.js";
import "../src/paths.js";
import { getApiV4ProjectsId } from "../generated/endpoints/projects.js";
import { size, type BenchConfig } from "./config.js";
import { runPython } from "./python.js";
import type { Row, Section } from "./report.js";
import { startRemoteSimulator, TOKEN } from "./sim.js";
import { median } from "./stats.js";

type Variant = readonly [name: string, call: () => Promise<unknown>];

const GOAL = 1.1;

export async function overhead(config: BenchConfig): Promise<Section> {
  const rounds = size(config, 2, 15);
  const perRound = size(config, 100, 300);
  const warmup = size(config, 20, 300);
  const sim = await startRemoteSimulator({});
  try {
    const url = `${sim.url}/api/v4/projects/1`;
    const headers = { "PRIVATE-TOKEN": TOKEN };
    // Raw axios as a user would set it up: the same keep-alive agent as the transport, JSON parsed by axios.
    const rawAxios = axios.create({ httpAgent: new http.Agent({ keepAlive: true }), headers });
    const gl = new Gitlab({ url: sim.url, privateToken: TOKEN });
    // gitbeaker throttles itself to 3,000 requests a minute by default; lifted so that its overhead is measured.
    const beaker = new Gitbeaker({
      host: sim.url,
      token: TOKEN,
      rateLimits: { "**": 10_000_000 },
    });
    const variants: Variant[] = [
      ["raw axios", () => rawAxios.get(url).then((r) => r.data as unknown)],
      ["raw fetch (undici)", () => fetch(url, { headers }).then((r) => r.json())],
      ["httpGet", () => gl.httpGet("/projects/1")],
      ["generated getApiV4ProjectsId", () => getApiV4ProjectsId(gl, { path: { id: 1 } })],
      ["typed path gl.GET", () => gl.GET("/api/v4/projects/{id}", { params: { path: { id: 1 } } })],
      ["@gitbeaker/rest Projects.show", () => beaker.Projects.show(1)],
    ];
    const wall = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    const cpu = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    for (const [, call] of variants) for (let i = 0; i < warmup; i++) await call();
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < variants.length; k++) {
        const [name, call] = variants[(k + round) % variants.length]!;
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        for (let i = 0; i < perRound; i++) await call();
        wall.get(name)!.push(((performance.now() - start) * 1000) / perRound);
        const used = process.cpuUsage(cpuStart);
        cpu.get(name)!.push((used.user + used.system) / perRound);
      }
    }
    const py = await python(config, sim.url, rounds, perRound, warmup);
    const rows: Row[] = [
      ...rowsFor("wall", wall, py?.wall, config),
      ...rowsFor("client CPU", cpu, py?.cpu, config),
    ];
    return {
      title: "1. Per-request overhead",
      method:
        `Sequential \`GET /projects/1\` (${(rounds * perRound).toLocaleString("en")} requests per client after ${warmup} warm-up, ` +
        `${rounds} interleaved rounds; median of the rounds' mean) on a keep-alive loopback connection to the simulator in another process. ` +
        "Wall time includes the simulator's own time per request (the same for every client); client CPU is the client process's user+system time per request, which isolates the client's overhead.",
      rows,
      notes: [],
    };
  } finally {
    await sim.close();
  }
}

const OURS = new Set(["httpGet", "generated getApiV4ProjectsId", "typed path gl.GET"]);

/** One row per client for one kind of figure, each divided by raw axios's. */
function rowsFor(
  kind: "wall" | "client CPU",
  samples: ReadonlyMap<string, number[]>,
  pythonValue: number | undefined,
  config: BenchConfig,
): Row[] {
  const axiosUs = median(samples.get("raw axios")!);
  const baseline = { name: "raw axios", value: axiosUs };
  const rows: Row[] = [...samples].map(([name, values]) => {
    const value = median(values);
    return {
      name: `${name} — ${kind}`,
      value,
      unit: "µs/req",
      ...(name !== "raw axios" && { baseline }),
      ...(OURS.has(name) &&
        kind === "wall" && {
          goal: { text: "within 10 % of raw axios", met: value <= axiosUs * GOAL },
        }),
    };
  });
  rows.push({
    name: `python-gitlab http_get — ${kind}`,
    value: pythonValue,
    unit: "µs/req",
    baseline,
    ...(config.python.version === undefined && { note: config.python.reason! }),
  });
  return rows;
}

/** python-gitlab's wall and CPU time per request, timed inside its own process; undefined when absent. */
async function python(
  config: BenchConfig,
  url: string,
  rounds: number,
  perRound: number,
  warmup: number,
): Promise<{ wall: number; cpu: number } | undefined> {
  if (config.python.version === undefined) return undefined;
  const result = await runPython<{ roundUs: number[]; roundCpuUs: number[] }>(
    [url, TOKEN, "get", String(rounds), String(perRound), String(warmup)],
    300_000,
  );
  return { wall: median(result.roundUs), cpu: median(result.roundCpuUs) };
}
