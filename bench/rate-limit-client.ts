// One client's side of the rate-limit benchmark, in a process of its own (so that neither the
// simulator nor a client still waiting after the cut-off shares an event loop with the others):
//   node --import tsx bench/rate-limit-client.ts '<ClientJob as JSON>'
// It starts just after a window opens, issues every GET at once, and prints one JSON line
// (ClientResult) when all are settled or at the cut-off, whichever comes first.

import { Gitlab as Gitbeaker } from "@gitbeaker/rest";
import { Gitlab } from "../src/index.js";
import { systemClock } from "../src/clock.js";
import { RateLimitGovernor } from "../src/rate-limit-governor.js";

export type ClientName = "typed-gitlab" | "governor" | "gitbeaker";

export interface ClientJob {
  client: ClientName;
  url: string;
  token: string;
  firstId: number;
  count: number;
  concurrency: number;
  /** The limiter's window, to start just after one opens. */
  periodMs: number;
  cutoffMs: number;
}

export interface ClientResult {
  /** Epoch ms when the first request was issued, and when the last settled (or the cut-off). */
  startedAt: number;
  endedAt: number;
  finished: number;
  failed: number;
  /** A few distinct error messages, for the report. */
  errors: string[];
}

const quiet = { debug: () => {}, warn: () => {} };

function makeCall(job: ClientJob): (id: number) => Promise<unknown> {
  switch (job.client) {
    case "typed-gitlab": {
      const gl = new Gitlab({
        url: job.url,
        privateToken: job.token,
        maxConcurrency: job.concurrency,
        logger: quiet,
      });
      return (id) => gl.httpGet(`/projects/${id}`);
    }
    case "gitbeaker": {
      const beaker = new Gitbeaker({ host: job.url, token: job.token });
      // A pool of `concurrency` workers, as a user bounds gitbeaker (it has no concurrency option).
      let active = 0;
      const queue: (() => void)[] = [];
      return async (id) => {
        if (active >= job.concurrency) await new Promise<void>((resolve) => queue.push(resolve));
        active++;
        try {
          return await beaker.Projects.show(id);
        } finally {
          active--;
          queue.shift()?.();
        }
      };
    }
    case "governor": {
      // The governor alone over real sockets: acquire → fetch → release, retrying 429s as the
      // transport's loop will (acquire again with waited: true; the governor does the waiting).
      const governor = new RateLimitGovernor({
        maxConcurrency: job.concurrency,
        clock: systemClock,
        logger: quiet,
      });
      const headers = { "PRIVATE-TOKEN": job.token };
      return async (id) => {
        const url = `${job.url}/api/v4/projects/${id}`;
        for (let waited = false; ; waited = true) {
          const permit = await governor.acquire({ method: "GET", url, waited });
          let response: Response;
          try {
            response = await fetch(url, { headers });
            await response.arrayBuffer();
          } catch (error) {
            permit.release();
            throw error;
          }
          permit.release({
            status: response.status,
            headers: { get: (name) => response.headers.get(name) ?? undefined },
          });
          if (response.status === 200) return;
          if (response.status !== 429) throw new Error(`HTTP ${response.status}`);
        }
      };
    }
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "{}") as ClientJob;
  const call = makeCall(job);
  // Start 20 ms into a window, so that every client meets the same first window.
  const phase = Date.now() % job.periodMs;
  await new Promise((resolve) => setTimeout(resolve, (job.periodMs + 20 - phase) % job.periodMs));
  const startedAt = Date.now();
  let finished = 0;
  let failed = 0;
  const errors = new Set<string>();
  const all = Promise.all(
    Array.from({ length: job.count }, (_, i) =>
      call(job.firstId + i).then(
        () => void finished++,
        (error: unknown) => {
          failed++;
          if (errors.size < 3) errors.add(error instanceof Error ? error.message : String(error));
        },
      ),
    ),
  );
  const cutoff = new Promise((resolve) => setTimeout(resolve, job.cutoffMs).unref());
  await Promise.race([all, cutoff]);
  const result: ClientResult = {
    startedAt,
    endedAt: Date.now(),
    finished,
    failed,
    errors: [...errors],
  };
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

await main();
