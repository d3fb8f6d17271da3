import assert from "node:assert/strict";
import { describe } from "node:test";
import { GitlabConnectionError, GitlabTimeoutError, type Gitlab } from "../../../src/index.js";
import { useSimulator } from "../../helpers/simulator.js";
import { faultCase } from "../tally.js";
import {
  client,
  closedPort,
  ISSUES,
  PROJECT,
  recordingLogger,
  rejection,
  retries,
  STYLES,
} from "../support.js";

/** Issues of project 1 with exactly this title: proves a POST was applied once, not twice. */
async function issuesTitled(gl: Gitlab, title: string): Promise<number> {
  const issues = await gl.httpList<{ title: string }>("/projects/1/issues", {
    getAll: true,
    queryParams: { search: title },
  });
  return issues.filter((issue) => issue.title === title).length;
}

// Retries here wait at most 20 ms: the point is whether a retry happens, not how long it waits.
const FAST = { maxRetryWait: 20 };

export function networkCases(): void {
  describe("network faults", () => {
    const ctx = useSimulator();

    for (const style of STYLES) {
      describe(style.name, () => {
        faultCase(
          "connection refused → GET retried up to maxRetries, then GitlabConnectionError ECONNREFUSED",
          async () => {
            const logger = recordingLogger();
            const gl = client(ctx.sim, {
              url: `http://127.0.0.1:${await closedPort()}`,
              retryTransientErrors: true,
              maxRetries: 2,
              logger,
              ...FAST,
            });
            const error = await rejection(style.getProject(gl));
            assert.ok(error instanceof GitlabConnectionError);
            assert.equal(error.code, "ECONNREFUSED");
            assert.equal(retries(logger).length, 2);
          },
        );

        faultCase(
          "connection refused → POST retried too (it never left), without opting in",
          async () => {
            const logger = recordingLogger();
            const gl = client(ctx.sim, {
              url: `http://127.0.0.1:${await closedPort()}`,
              retryTransientErrors: true,
              maxRetries: 2,
              logger,
              ...FAST,
            });
            const error = await rejection(style.createIssue(gl, "refused"));
            assert.ok(error instanceof GitlabConnectionError);
            assert.equal(retries(logger).length, 2);
          },
        );

        faultCase(
          "connection refused without retryTransientErrors → one attempt, GitlabConnectionError",
          async () => {
            const logger = recordingLogger();
            const gl = client(ctx.sim, { url: `http://127.0.0.1:${await closedPort()}`, logger });
            assert.ok((await rejection(style.getProject(gl))) instanceof GitlabConnectionError);
            assert.equal(retries(logger).length, 0);
          },
        );

        faultCase("reset before headers → GET retried, the project arrives", async () => {
          const { sim } = ctx;
          sim.reset();
          sim.inject({ kind: "resetBeforeHeaders", path: PROJECT, times: 2 });
          const project = await style.getProject(
            client(sim, { retryTransientErrors: true, ...FAST }),
          );
          assert.equal(project.id, 1);
          assert.equal(sim.requests.length, 3);
        });

        faultCase(
          "reset before headers → POST not resent (it may have been applied): GitlabConnectionError",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "resetBeforeHeaders", path: ISSUES, method: "POST" });
            const gl = client(sim, { retryTransientErrors: true, ...FAST });
            const error = await rejection(style.createIssue(gl, "reset-before"));
            assert.ok(error instanceof GitlabConnectionError);
            assert.equal(sim.requests.filter((r) => r.method === "POST").length, 1);
          },
        );

        faultCase(
          "reset before headers → POST resent when the caller opts in (retryNonIdempotent)",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "resetBeforeHeaders", path: ISSUES, method: "POST" });
            const gl = client(sim, { retryTransientErrors: true, ...FAST });
            const issue = await style.createIssue(gl, "opted-in", { retryNonIdempotent: true });
            assert.equal(issue.title, "opted-in");
            assert.equal(sim.requests.filter((r) => r.method === "POST").length, 2);
            assert.equal(await issuesTitled(gl, "opted-in"), 1);
          },
        );

        faultCase("reset mid-body → GET retried, the project arrives whole", async () => {
          const { sim } = ctx;
          sim.reset();
          sim.inject({ kind: "resetMidBody", path: PROJECT, bytes: 40 });
          const project = await style.getProject(
            client(sim, { retryTransientErrors: true, ...FAST }),
          );
          assert.equal(project.id, 1);
          assert.equal(sim.requests.length, 2);
        });

        faultCase(
          "reset mid-body after a POST was applied → not resent: one issue, GitlabConnectionError",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "resetMidBody", path: ISSUES, method: "POST", bytes: 10 });
            const gl = client(sim, { retryTransientErrors: true, ...FAST });
            const error = await rejection(style.createIssue(gl, "applied-once"));
            assert.ok(error instanceof GitlabConnectionError);
            assert.equal(
              await issuesTitled(gl, "applied-once"),
              1,
              "created once, never duplicated",
            );
          },
        );

        faultCase(
          "truncated body under a correct Content-Length → GitlabConnectionError; GET retried",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "truncate", path: PROJECT, bytes: 30 });
            const error = await rejection(style.getProject(client(sim)));
            assert.ok(error instanceof GitlabConnectionError);
            assert.match(error.message, /broke before the whole response arrived/);
            sim.inject({ kind: "truncate", path: PROJECT, bytes: 30 });
            const project = await style.getProject(
              client(sim, { retryTransientErrors: true, ...FAST }),
            );
            assert.equal(project.id, 1);
          },
        );

        faultCase(
          "slow headers past the timeout → GitlabTimeoutError after at least the timeout; GET retried",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "slowHeaders", delayMs: 1_500, path: PROJECT });
            const started = Date.now();
            const error = await rejection(style.getProject(client(sim, { timeout: 150 })));
            assert.ok(error instanceof GitlabTimeoutError);
            assert.equal(error.timeout, 150);
            assert.ok(Date.now() - started >= 150);
            sim.inject({ kind: "slowHeaders", delayMs: 1_500, path: PROJECT });
            const project = await style.getProject(
              client(sim, { timeout: 150, retryTransientErrors: true, ...FAST }),
            );
            assert.equal(project.id, 1);
          },
        );

        faultCase("slow headers on a POST → GitlabTimeoutError, not resent", async () => {
          const { sim } = ctx;
          sim.reset();
          sim.inject({ kind: "slowHeaders", delayMs: 1_000, path: ISSUES, method: "POST" });
          const gl = client(sim, { timeout: 150, retryTransientErrors: true, ...FAST });
          assert.ok((await rejection(style.createIssue(gl, "slow"))) instanceof GitlabTimeoutError);
          assert.equal(sim.requests.filter((r) => r.method === "POST").length, 1);
        });

        faultCase("trickling body past the timeout → GitlabTimeoutError; GET retried", async () => {
          const { sim } = ctx;
          sim.reset();
          sim.inject({ kind: "trickleBody", chunkSize: 8, intervalMs: 40, path: PROJECT });
          const error = await rejection(style.getProject(client(sim, { timeout: 250 })));
          assert.ok(error instanceof GitlabTimeoutError);
          sim.inject({ kind: "trickleBody", chunkSize: 8, intervalMs: 40, path: PROJECT });
          const project = await style.getProject(
            client(sim, { timeout: 250, retryTransientErrors: true, ...FAST }),
          );
          assert.equal(project.id, 1);
        });
      });
    }
  });
}
