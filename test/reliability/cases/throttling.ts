import assert from "node:assert/strict";
import { describe } from "node:test";
import { GitlabHttpError, GitlabRateLimitError } from "../../../src/index.js";
import type { Fault } from "../../../src/simulator/index.js";
import { InstantClock } from "../../helpers/clock.js";
import { useSimulator } from "../../helpers/simulator.js";
import { faultCase } from "../tally.js";
import {
  client,
  ISSUES,
  PROJECT,
  recordingLogger,
  rejection,
  retries,
  STYLES,
} from "../support.js";

const FAST = { maxRetryWait: 20 };
const CLOUDFLARE = [520, 521, 522, 523, 524, 525, 526, 527, 528, 529, 530];

export function throttlingCases(): void {
  describe("429 storms", () => {
    const ctx = useSimulator();

    for (const style of STYLES) {
      describe(style.name, () => {
        const storm = (fault: Partial<Extract<Fault, { kind: "rateLimit" }>>, times = 1) => {
          ctx.sim.reset();
          ctx.sim.inject({ kind: "rateLimit", path: PROJECT, times, ...fault });
        };

        faultCase(
          "Retry-After: 0, five times → retried at once each time, the project arrives",
          async () => {
            storm({ retryAfter: 0 }, 5);
            assert.equal((await style.getProject(client(ctx.sim))).id, 1);
            assert.equal(ctx.sim.requests.length, 6);
          },
        );

        faultCase("Retry-After: 1 → the retry waits 1 s", async () => {
          storm({ retryAfter: 1 });
          const clock = new InstantClock();
          assert.equal((await style.getProject(client(ctx.sim, { clock }))).id, 1);
          // The governor waits from when the 429 arrived: a second, less the ms since.
          assert.equal(clock.sleeps.length, 1);
          assert.ok(clock.sleeps[0]! > 950 && clock.sleeps[0]! <= 1_000, String(clock.sleeps));
          assert.equal(ctx.sim.requests.length, 2);
        });

        faultCase("Retry-After as an HTTP date → the retry waits for that date", async () => {
          const clock = new InstantClock();
          const date = new Date(clock.now() + 30_000).toUTCString();
          storm({ retryAfter: date });
          assert.equal((await style.getProject(client(ctx.sim, { clock }))).id, 1);
          assert.equal(clock.sleeps.length, 1);
          // HTTP dates have whole seconds: the wait ends at the date, 29–30 s away.
          assert.ok(clock.sleeps[0]! > 29_000 && clock.sleeps[0]! <= 30_000, String(clock.sleeps));
        });

        faultCase(
          "Retry-After as a date in the past → retried without waiting for it",
          async () => {
            storm({ retryAfter: new Date(Date.now() - 60_000).toUTCString() }, 2);
            assert.equal((await style.getProject(client(ctx.sim))).id, 1);
            assert.equal(ctx.sim.requests.length, 3);
          },
        );

        faultCase(
          "Retry-After garbage → exponential backoff (≥ 50, 100, 200 ms), then the project",
          async () => {
            storm({ retryAfter: "soon-ish" }, 3);
            const logger = recordingLogger();
            assert.equal((await style.getProject(client(ctx.sim, { logger }))).id, 1);
            const waits = retries(logger).map((line) => Number(/in (\d+) ms/.exec(line)![1]));
            assert.equal(waits.length, 3);
            waits.forEach((wait, n) => assert.ok(wait >= 50 * 2 ** n, `wait ${n}: ${wait} ms`));
          },
        );

        faultCase(
          "RateLimit-Reset in the past, no Retry-After → retried without waiting",
          async () => {
            storm({ retryAfter: null, reset: Math.floor(Date.now() / 1000) - 60 });
            assert.equal((await style.getProject(client(ctx.sim))).id, 1);
            assert.equal(ctx.sim.requests.length, 2);
          },
        );

        faultCase(
          "RateLimit-Reset in the future, no Retry-After → the retry waits for it",
          async () => {
            const clock = new InstantClock();
            const reset = Math.ceil(clock.now() / 1000) + 30;
            storm({ retryAfter: null, reset });
            assert.equal((await style.getProject(client(ctx.sim, { clock }))).id, 1);
            assert.equal(clock.sleeps.length, 1);
            assert.ok(
              clock.sleeps[0]! > 29_000 && clock.sleeps[0]! <= 31_000,
              String(clock.sleeps),
            );
          },
        );

        faultCase("no rate-limit header at all → backoff, then the project", async () => {
          storm({ retryAfter: null }, 2);
          assert.equal((await style.getProject(client(ctx.sim))).id, 1);
          assert.equal(ctx.sim.requests.length, 3);
        });

        faultCase(
          "a storm longer than maxRetries → GitlabRateLimitError after maxRetries + 1 requests",
          async () => {
            storm({ retryAfter: 0 }, 10);
            const error = await rejection(style.getProject(client(ctx.sim, { maxRetries: 3 })));
            assert.ok(error instanceof GitlabRateLimitError);
            assert.equal(error.retryAfterMs, 0);
            assert.equal(ctx.sim.requests.length, 4);
          },
        );

        faultCase(
          "429 on a POST → retried (GitLab did not handle it): exactly one issue",
          async () => {
            ctx.sim.reset();
            ctx.sim.inject({
              kind: "rateLimit",
              retryAfter: 0,
              path: ISSUES,
              method: "POST",
              times: 2,
            });
            const issue = await style.createIssue(client(ctx.sim), "throttled-post");
            assert.equal(issue.title, "throttled-post");
            assert.equal(ctx.sim.requests.filter((r) => r.method === "POST").length, 3);
          },
        );

        faultCase(
          "obeyRateLimit: false → GitlabRateLimitError at once, with the wait GitLab asked for",
          async () => {
            storm({ retryAfter: 7 });
            const error = await rejection(
              style.getProject(client(ctx.sim, { obeyRateLimit: false })),
            );
            assert.ok(error instanceof GitlabRateLimitError);
            assert.equal(error.retryAfterMs, 7_000);
            assert.equal(ctx.sim.requests.length, 1);
          },
        );
      });
    }
  });

  describe("5xx bursts, 409 and proxy pages", () => {
    const ctx = useSimulator();

    for (const style of STYLES) {
      describe(style.name, () => {
        faultCase(
          "bursts of 500, 502, 503, 504 and 520–530 (3 each) → retried through, the project arrives",
          async () => {
            const { sim } = ctx;
            for (const status of [500, 502, 503, 504, ...CLOUDFLARE]) {
              sim.reset();
              sim.inject({ kind: "status", status, path: PROJECT, times: 3 });
              const gl = client(sim, { retryTransientErrors: true, ...FAST });
              assert.equal((await style.getProject(gl)).id, 1, `after a burst of ${status}`);
              assert.equal(sim.requests.length, 4, `${status}`);
            }
          },
        );

        faultCase(
          "5xx without retryTransientErrors → GitlabHttpError with that status, one request",
          async () => {
            const { sim } = ctx;
            for (const status of [500, 502, 503, 504, ...CLOUDFLARE]) {
              sim.reset();
              sim.inject({ kind: "status", status, path: PROJECT });
              const error = await rejection(style.getProject(client(sim)));
              assert.ok(error instanceof GitlabHttpError);
              assert.equal(error.responseCode, status);
              assert.equal(sim.requests.length, 1);
            }
          },
        );

        faultCase("a burst longer than maxRetries → the last GitlabHttpError", async () => {
          const { sim } = ctx;
          sim.reset();
          sim.inject({ kind: "status", status: 503, path: PROJECT, times: 10 });
          const gl = client(sim, { retryTransientErrors: true, maxRetries: 2, ...FAST });
          const error = await rejection(style.getProject(gl));
          assert.ok(error instanceof GitlabHttpError);
          assert.equal(error.responseCode, 503);
          assert.equal(sim.requests.length, 3);
        });

        faultCase(
          "409 Resource lock → retried; any other 409 → GitlabHttpError at once",
          async () => {
            const { sim } = ctx;
            sim.reset();
            const lock = { message: "409 Conflict: Resource lock" };
            sim.inject({ kind: "status", status: 409, body: lock, path: PROJECT, times: 2 });
            const gl = client(sim, { retryTransientErrors: true, ...FAST });
            assert.equal((await style.getProject(gl)).id, 1);
            assert.equal(sim.requests.length, 3);
            sim.reset();
            sim.inject({
              kind: "status",
              status: 409,
              body: { message: "Branch already exists" },
              path: PROJECT,
            });
            const error = await rejection(style.getProject(gl));
            assert.ok(error instanceof GitlabHttpError);
            assert.equal(error.errorMessage, "Branch already exists");
            assert.equal(sim.requests.length, 1);
          },
        );

        for (const page of ["nginx", "cloudflare"] as const) {
          faultCase(
            `${page} HTML 5xx page → named as a proxy page with its title; retried like any 5xx`,
            async () => {
              const { sim } = ctx;
              const status = page === "nginx" ? 502 : 521;
              sim.reset();
              sim.inject({ kind: "status", status, page, path: PROJECT });
              const error = await rejection(style.getProject(client(sim)));
              assert.ok(error instanceof GitlabHttpError);
              assert.equal(error.responseCode, status);
              assert.match(error.errorMessage, /an HTML page instead of GitLab's JSON \(".+"\)/);
              assert.ok(
                !error.message.includes("<html"),
                "the page's markup stays in responseBody",
              );
              sim.inject({ kind: "status", status, page, path: PROJECT, times: 2 });
              const gl = client(sim, { retryTransientErrors: true, ...FAST });
              assert.equal((await style.getProject(gl)).id, 1);
            },
          );
        }

        faultCase(
          "503 on a POST → not resent: GitlabHttpError; resent with retryNonIdempotent, one issue",
          async () => {
            const { sim } = ctx;
            sim.reset();
            const gl = client(sim, { retryTransientErrors: true, ...FAST });
            sim.inject({ kind: "status", status: 503, path: ISSUES, method: "POST" });
            const error = await rejection(style.createIssue(gl, "not-resent"));
            assert.ok(error instanceof GitlabHttpError);
            assert.equal(sim.requests.filter((r) => r.method === "POST").length, 1);
            sim.inject({
              kind: "status",
              status: 502,
              page: "nginx",
              path: ISSUES,
              method: "POST",
            });
            const issue = await style.createIssue(gl, "resent", { retryNonIdempotent: true });
            assert.equal(issue.title, "resent");
            assert.equal(sim.requests.filter((r) => r.method === "POST").length, 3);
          },
        );
      });
    }
  });
}
