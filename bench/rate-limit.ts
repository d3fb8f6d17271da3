// (7) Bulk jobs against GitLab's rate limit: GETs issued all at once, 20 in flight at most, against
// the simulator's GitLab-style limiter (100 requests per 2-second window, windows aligned to the
// clock, refused requests counted), with RateLimit-* on every response and on 429s only.
// Each client runs in a process of its own and starts 20 ms into a window; the simulator runs in
// this process, counting every refusal by URL (each request has its own URL).

import { spawn } from "node:child_process";
import { startSimulator, type RateLimitOption } from "../src/simulator/index.js";
import { size, type BenchConfig } from "./config.js";
import { BENCH_DIR } from "./paths.js";
import { runPython } from "./python.js";
import type { Row, Section } from "./report.js";
import type { ClientJob, ClientName, ClientResult } from "./rate-limit-client.js";
import { TOKEN } from "./sim.js";

const LIMIT = 100;
const PERIOD_MS = 2000;
const CONCURRENCY = 20;
const RATIO_GOAL = 1.08;

type Mode = "all" | "throttled";
type Client = ClientName | "python-gitlab";

const LABELS: Record<Client, string> = {
  "typed-gitlab": "typed-gitlab (new Gitlab, maxConcurrency 20)",
  governor: "RateLimitGovernor alone (acquire → fetch → release)",
  "python-gitlab": "python-gitlab, 20 threads",
  gitbeaker: "@gitbeaker/rest, pool of 20",
};

const MODE_LABELS: Record<Mode, string> = {
  all: "RateLimit-* on every response",
  throttled: "RateLimit-* on 429s only",
};

/** Fixed windows of LIMIT per PERIOD_MS: the last request can go at the start of this window. */
export function theoreticalMinimumMs(startedAt: number, count: number): number {
  const firstWindow = Math.floor(startedAt / PERIOD_MS);
  return (firstWindow + Math.ceil(count / LIMIT) - 1) * PERIOD_MS - startedAt;
}

interface Outcome {
  result: ClientResult | undefined;
  refused: number;
  maxRefusalsOfOne: number;
  note?: string;
}

async function runChild(job: ClientJob): Promise<ClientResult> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", `${BENCH_DIR}/rate-limit-client.ts`, JSON.stringify(job)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  // The client exits at its own cut-off; this only guards against a hung process.
  const guard = setTimeout(() => child.kill("SIGKILL"), job.cutoffMs + 30_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(guard);
  if (code !== 0) throw new Error(`${job.client} exited with ${code ?? "a signal"}`);
  return JSON.parse(stdout) as ClientResult;
}

async function measure(
  config: BenchConfig,
  client: Client,
  mode: Mode,
  count: number,
): Promise<Outcome> {
  const refusals = new Map<string, number>();
  const rateLimit: RateLimitOption = {
    limit: LIMIT,
    windowMs: PERIOD_MS,
    headers: mode,
    onRefused: (refusal) => refusals.set(refusal.url, (refusals.get(refusal.url) ?? 0) + 1),
  };
  const sim = await startSimulator({ seed: { syntheticProjects: { count } }, rateLimit });
  // The request log grows by a record per request; nothing here reads it.
  const trim = setInterval(() => (sim.requests.length = 0), 500);
  // The 30 s for gitbeaker's stuck requests, or more for longer jobs; less in a smoke run.
  const cutoffMs = Math.max(size(config, 10_000, 30_000), 2.5 * theoreticalMinimumMs(0, count));
  const firstId = sim.info.syntheticProjects!.firstId;
  let result: ClientResult | undefined;
  let note: string | undefined;
  try {
    if (client === "python-gitlab") {
      if (config.python.version === undefined) {
        note = config.python.reason ?? "skipped";
      } else {
        result = await runPython<ClientResult>(
          [
            sim.url,
            TOKEN,
            "bulk",
            String(firstId),
            String(count),
            String(CONCURRENCY),
            String(PERIOD_MS),
          ],
          cutoffMs + PERIOD_MS,
        ).catch((error: unknown) => {
          note = `did not finish within ${cutoffMs / 1000} s (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
          return undefined;
        });
      }
    } else {
      result = await runChild({
        client,
        url: sim.url,
        token: TOKEN,
        firstId,
        count,
        concurrency: CONCURRENCY,
        periodMs: PERIOD_MS,
        cutoffMs,
      });
    }
  } finally {
    clearInterval(trim);
    await sim.close();
  }
  const counts = [...refusals.values()];
  return {
    result,
    refused: counts.reduce((a, b) => a + b, 0),
    maxRefusalsOfOne: counts.length === 0 ? 0 : Math.max(...counts),
    ...(note !== undefined && { note }),
  };
}

function toRow(
  label: string,
  outcome: Outcome,
  count: number,
  goal: ((ratio: number, outcome: Outcome, complete: boolean) => Row["goal"]) | undefined,
): Row {
  const { result } = outcome;
  if (result === undefined) {
    return { name: label, value: undefined, unit: "s", note: outcome.note ?? "no result" };
  }
  const complete = result.finished === count;
  const wallMs = result.endedAt - result.startedAt;
  const minimumMs = theoreticalMinimumMs(result.startedAt, count);
  const percent = ((100 * outcome.refused) / count).toFixed(1);
  const unfinished = count - result.finished - result.failed;
  const done = complete
    ? `all ${count.toLocaleString("en")} done`
    : `${result.finished} done, ${result.failed} failed` +
      (unfinished > 0
        ? `, ${unfinished} unfinished at the ${(wallMs / 1000).toFixed(0)} s cut-off`
        : "");
  const errors = result.errors.length > 0 ? `; e.g. ${result.errors[0]}` : "";
  const rowGoal = goal?.(wallMs / minimumMs, outcome, complete);
  return {
    name: label,
    value: complete ? wallMs / 1000 : undefined,
    unit: "s",
    baseline: { name: "the limiter's minimum", value: minimumMs / 1000 },
    ...(rowGoal && { goal: rowGoal }),
    note: `${done}; ${outcome.refused} answered 429 (${percent} %); one request refused at most ${outcome.maxRefusalsOfOne}×${errors}`,
  };
}

export async function rateLimit(config: BenchConfig): Promise<Section> {
  const bulk = size(config, 200, 1000);
  const big = size(config, 400, 4000);
  const rows: Row[] = [];
  for (const mode of ["all", "throttled"] as const) {
    // The bar is a share of 1,000 requests: one window's requests in flight while the limit
    // is learnt. A smoke run's smaller job is held to the same count, not the same share.
    const allowed = (mode === "all" ? 0.02 : 0.025) * 1000;
    const goal = (ratio: number, outcome: Outcome, complete: boolean) => ({
      text: `≤ ${RATIO_GOAL}× minimum, ≤ ${allowed} 429s (${allowed / 10} % of 1,000), none refused twice`,
      met:
        complete &&
        ratio <= RATIO_GOAL &&
        outcome.refused <= allowed &&
        outcome.maxRefusalsOfOne <= 1,
    });
    for (const client of ["typed-gitlab", "governor", "python-gitlab", "gitbeaker"] as const) {
      const ours = client === "typed-gitlab" || client === "governor";
      const outcome = await measure(config, client, mode, bulk);
      rows.push(
        toRow(
          `${bulk.toLocaleString("en")} GETs, ${MODE_LABELS[mode]}: ${LABELS[client]}`,
          outcome,
          bulk,
          ours ? goal : undefined,
        ),
      );
    }
  }
  const completes = (_ratio: number, _outcome: Outcome, complete: boolean) => ({
    text: "completes with default retry options",
    met: complete,
  });
  for (const client of ["typed-gitlab", "governor", "python-gitlab"] as const) {
    const outcome = await measure(config, client, "throttled", big);
    rows.push(
      toRow(
        `${big.toLocaleString("en")} GETs, ${MODE_LABELS.throttled}: ${LABELS[client]}`,
        outcome,
        big,
        client === "governor" ? undefined : client === "typed-gitlab" ? completes : undefined,
      ),
    );
  }
  return {
    title: "7. Bulk jobs under GitLab's rate limit",
    method:
      `${bulk.toLocaleString("en")} GETs (each its own project) issued at once, at most ${CONCURRENCY} in flight, against the simulator's GitLab-style limiter: ` +
      `${LIMIT} requests per ${PERIOD_MS / 1000}-second window, windows aligned to the clock, refused requests counted, Retry-After as GitLab computes it; ` +
      `RateLimit-* on every response, then on 429s only (GitLab's default). Each client runs in its own process and starts 20 ms into a window; ` +
      `the result is its wall time, its ratio to the limiter's minimum (the start of the window in which the last ${LIMIT} can go), ` +
      `the requests answered 429 and the most refusals of one request. Then ${big.toLocaleString("en")} GETs with default retry options (gitbeaker left out: it does not finish the smaller job).`,
    rows,
    notes: [
      "The RateLimitGovernor row drives the governor (src/rate-limit-governor.ts) directly over real sockets: acquire a permit, fetch, release it with the response, and on a 429 acquire again with waited: true. The typed-gitlab row is the client as users get it (`new Gitlab(...)`), whose transport asks the governor for a permit before every attempt.",
      "gitbeaker retries a 429 ten times after 0.25·2^n ms (it ignores Retry-After) and throttles itself to its own per-endpoint table; python-gitlab sleeps Retry-After in each thread.",
    ],
  };
}
