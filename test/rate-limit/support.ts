import { RateLimiter } from "../../src/simulator/rate-limit.js";
import type { RateLimitOption } from "../../src/simulator/index.js";
import type { GovernedResponse, RateLimitGovernor } from "../../src/rate-limit-governor.js";
import type { GitlabLogger } from "../../src/options.js";
import { FakeClock, settle } from "./fake-clock.js";

export function headers(record: Record<string, string>): GovernedResponse["headers"] {
  const lower = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name) => lower.get(name.toLowerCase()) };
}

export function recordingLogger(): GitlabLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (message) => lines.push(`debug ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
  };
}

/** GitLab's throttle as the simulator models it, answering on the fake clock (with a Date header). */
export function gitlabModel(clock: FakeClock, option: Extract<RateLimitOption, { limit: number }>) {
  const limiter = new RateLimiter({ ...option, now: () => clock.now() });
  return (url: string): GovernedResponse => {
    const admission = limiter.admit({
      method: "GET",
      url,
      path: new URL(url).pathname,
      headers: { "private-token": "t" },
      ip: "127.0.0.1",
    });
    const date = new Date(Math.floor(clock.now() / 1000) * 1000).toUTCString();
    const status = admission.rejected?.status ?? 200;
    return {
      status,
      headers: headers({ Date: date, ...admission.headers, ...admission.rejected?.headers }),
    };
  };
}

export interface JobResult {
  wallMs: number;
  refused: number;
  maxRefusalsOfOne: number;
}

/**
 * `count` GETs issued at once through the governor against `server`, each answered `latencyMs`
 * after it goes out; a 429 is retried (acquire with waited: true) until it succeeds.
 */
export async function runJob(
  clock: FakeClock,
  governor: RateLimitGovernor,
  server: (url: string) => GovernedResponse,
  count: number,
  latencyMs: number,
): Promise<JobResult> {
  const started = clock.now();
  const refusals = new Array<number>(count).fill(0);
  let done = 0;
  const one = async (i: number) => {
    const url = `https://gitlab.example.com/api/v4/projects/${i + 1}`;
    for (let waited = false; ; waited = true) {
      const permit = await governor.acquire({ method: "GET", url, waited });
      const response = server(url);
      await clock.sleep(latencyMs);
      permit.release(response);
      if (response.status !== 429) break;
      refusals[i]! += 1;
    }
    done++;
  };
  const all = Promise.all(Array.from({ length: count }, (_, i) => one(i)));
  while (done < count) {
    await settle();
    const next = clock.nextTimer;
    if (next === undefined) {
      if (done < count) throw new Error(`stuck with ${count - done} requests left`);
      break;
    }
    await clock.advance(next - clock.now());
  }
  await all;
  return {
    wallMs: clock.now() - started,
    refused: refusals.reduce((a, b) => a + b, 0),
    maxRefusalsOfOne: Math.max(...refusals),
  };
}

/** The least time `count` requests take through fixed windows of `limit` per `periodMs`, from `start`. */
export function theoreticalMinimum(
  start: number,
  count: number,
  limit: number,
  periodMs: number,
): number {
  const first = Math.floor(start / periodMs);
  return (first + Math.ceil(count / limit) - 1) * periodMs - start;
}
