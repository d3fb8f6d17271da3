import assert from "node:assert/strict";
import { describe } from "node:test";
import { inspect } from "node:util";
import {
  GitlabAbortError,
  GitlabConnectionError,
  GitlabHttpError,
  GitlabRateLimitError,
} from "../../../src/index.js";
import type { Simulator } from "../../../src/simulator/index.js";
import { InstantClock } from "../../helpers/clock.js";
import { useSimulator } from "../../helpers/simulator.js";
import { faultCase, itemsVerified } from "../tally.js";
import {
  ADMIN_TOKEN,
  client,
  closedPort,
  PROJECT,
  recordingLogger,
  rejection,
  requestsArrived,
  retries,
  STYLES,
} from "../support.js";

/** Proves a cancellation did not sit out the 30 s the server asked for; generous on a slow machine. */
const PROMPT = 10_000;

/** The seeded 5 MiB artifacts download. */
function bigArtifact(sim: Simulator): { path: string; size: number } {
  const artifact = sim.info.artifacts.find((candidate) => candidate.size > 1_000_000)!;
  return {
    path: `/api/v4/projects/${artifact.projectId}/jobs/${artifact.jobId}/artifacts`,
    size: artifact.size,
  };
}
const ISSUE_1 = "/api/v4/projects/1/issues/1";
const METHODS = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "PATCH"] as const;
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

export function limitCases(): void {
  describe("idempotency table", () => {
    const ctx = useSimulator();

    // Whatever answers after the retry (a 405 for PATCH, say) does not matter: only whether it was sent again.
    const faults = [
      ["503", { kind: "status", status: 503 }, (m: string) => IDEMPOTENT.has(m)],
      ["reset before headers", { kind: "resetBeforeHeaders" }, (m: string) => IDEMPOTENT.has(m)],
      ["429", { kind: "rateLimit", retryAfter: 0 }, () => true],
    ] as const;
    for (const [label, fault, retried] of faults) {
      faultCase(
        `${label} → ${METHODS.filter(retried).join("/")} retried; ${METHODS.filter((m) => !retried(m)).join("/") || "no method"} not`,
        async () => {
          const { sim } = ctx;
          for (const method of METHODS) {
            sim.reset();
            sim.inject({ ...fault, path: ISSUE_1, method });
            const gl = client(sim, { retryTransientErrors: true, maxRetryWait: 20 });
            await gl
              .httpRequest({
                verb: method,
                path: "/projects/1/issues/1",
                ...(method === "PUT" || method === "POST" || method === "PATCH"
                  ? { postData: { title: "t" } }
                  : {}),
              })
              .catch(() => undefined);
            assert.equal(sim.requests.length, retried(method) ? 2 : 1, `${label} on ${method}`);
          }
        },
      );
    }

    faultCase(
      "connection refused → retried for every method, POST and PATCH included (never sent)",
      async () => {
        const url = `http://127.0.0.1:${await closedPort()}`;
        for (const method of METHODS) {
          const logger = recordingLogger();
          const gl = client(ctx.sim, { url, retryTransientErrors: true, maxRetries: 1, logger });
          const error = await rejection(
            gl.httpRequest({ verb: method, path: "/projects/1/issues/1" }),
          );
          assert.ok(error instanceof GitlabConnectionError);
          assert.equal(retries(logger).length, 1, method);
        }
      },
    );
  });

  describe("bounded waits and cancellation", () => {
    const ctx = useSimulator();

    for (const style of STYLES) {
      describe(style.name, () => {
        faultCase(
          "Retry-After beyond maxRetryWait → GitlabRateLimitError at once, saying how long GitLab asked",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "rateLimit", retryAfter: 3_600, path: PROJECT });
            const started = Date.now();
            const error = await rejection(style.getProject(client(sim, { maxRetryWait: 5_000 })));
            assert.ok(error instanceof GitlabRateLimitError);
            assert.match(error.message, /asked to wait 3600 s, more than maxRetryWait 5000 ms/);
            assert.ok(Date.now() - started < PROMPT);
          },
        );

        faultCase(
          "Retry-After past the retryDeadline → the 429 at once, with a note naming retryDeadline",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "rateLimit", retryAfter: 30, path: PROJECT });
            const started = Date.now();
            const error = await rejection(style.getProject(client(sim, { retryDeadline: 2_000 })));
            assert.ok(error instanceof GitlabRateLimitError);
            assert.match(
              error.message,
              /not retried: waiting \d+ ms more would pass the retryDeadline of 2000 ms/,
            );
            assert.match(String(error.stack), /retryDeadline of 2000 ms/, "the stack says it too");
            assert.ok(Date.now() - started < PROMPT);
            assert.equal(sim.requests.length, 1);
          },
        );

        faultCase(
          "an endless 503 storm with maxRetries -1 → stopped by retryDeadline (per request), last error thrown",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "status", status: 503, path: PROJECT, times: 1_000 });
            const gl = client(sim, {
              retryTransientErrors: true,
              maxRetries: -1,
              maxRetryWait: 50,
            });
            const started = Date.now();
            const error = await rejection(style.getProject(gl, { retryDeadline: 400 }));
            assert.ok(error instanceof GitlabHttpError);
            assert.equal(error.responseCode, 503);
            assert.match(error.message, /retryDeadline of 400 ms/);
            assert.ok(sim.requests.length > 2, "it did retry while the deadline allowed");
            assert.ok(
              sim.requests.at(-1)!.receivedAt - started <= 400 + 50,
              "no attempt started past the deadline",
            );
          },
        );

        faultCase(
          "abort during a 30 s Retry-After sleep → GitlabAbortError promptly, no second request",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "rateLimit", retryAfter: 30, path: PROJECT });
            const controller = new AbortController();
            const pending = style.getProject(client(sim), { signal: controller.signal });
            await requestsArrived(sim, 1);
            await new Promise((resolve) => setTimeout(resolve, 50)); // into the sleep
            const started = Date.now();
            controller.abort();
            assert.ok((await rejection(pending)) instanceof GitlabAbortError);
            assert.ok(Date.now() - started < PROMPT);
            assert.equal(sim.requests.length, 1);
          },
        );

        faultCase(
          "abort during a 5xx backoff sleep → GitlabAbortError, no further request",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "status", status: 503, path: PROJECT, times: 100 });
            const controller = new AbortController();
            const gl = client(sim, { retryTransientErrors: true, maxRetryWait: 60_000 });
            const pending = style.getProject(gl, { signal: controller.signal, maxRetries: 30 });
            await requestsArrived(sim, 4); // the 4th backoff is 400–800 ms
            controller.abort();
            const count = sim.requests.length;
            assert.ok((await rejection(pending)) instanceof GitlabAbortError);
            await new Promise((resolve) => setTimeout(resolve, 100));
            assert.equal(sim.requests.length, count);
          },
        );

        faultCase(
          "abort while the headers are slow (in flight) → GitlabAbortError, not retried",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "slowHeaders", delayMs: 3_000, path: PROJECT });
            const controller = new AbortController();
            const pending = style.getProject(client(sim, { retryTransientErrors: true }), {
              signal: controller.signal,
            });
            await requestsArrived(sim, 1);
            controller.abort();
            assert.ok((await rejection(pending)) instanceof GitlabAbortError);
            assert.equal(sim.requests.length, 1);
          },
        );

        faultCase("abort while the body trickles → GitlabAbortError", async () => {
          const { sim } = ctx;
          sim.reset();
          sim.inject({ kind: "trickleBody", chunkSize: 4, intervalMs: 200, path: PROJECT });
          const controller = new AbortController();
          const pending = style.getProject(client(sim), { signal: controller.signal });
          await requestsArrived(sim, 1);
          await new Promise((resolve) => setTimeout(resolve, 300));
          controller.abort();
          assert.ok((await rejection(pending)) instanceof GitlabAbortError);
        });

        faultCase(
          "abort while queued for a concurrency slot → GitlabAbortError, never sent",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "slowHeaders", delayMs: 1_000, path: PROJECT });
            const gl = client(sim, { maxConcurrency: 1 });
            const holder = style.getProject(gl);
            await requestsArrived(sim, 1);
            const controller = new AbortController();
            const queued = style.getProject(gl, { signal: controller.signal });
            await new Promise((resolve) => setTimeout(resolve, 50));
            controller.abort();
            assert.ok((await rejection(queued)) instanceof GitlabAbortError);
            assert.equal((await holder).id, 1);
            assert.equal(sim.requests.length, 1, "the aborted call never reached the server");
          },
        );

        faultCase("an already-aborted signal → GitlabAbortError without a request", async () => {
          const { sim } = ctx;
          sim.reset();
          const signal = AbortSignal.abort();
          assert.ok(
            (await rejection(style.getProject(client(sim), { signal }))) instanceof
              GitlabAbortError,
          );
          assert.equal(sim.requests.length, 0);
        });

        faultCase(
          "abort in the middle of a listing → GitlabAbortError, no further page requested",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({
              kind: "slowHeaders",
              delayMs: 3_000,
              path: "/api/v4/projects/2/merge_requests",
              skip: 3,
            });
            const controller = new AbortController();
            const pending = style.listMergeRequests(client(sim), 5, {
              signal: controller.signal,
              prefetch: 1,
            });
            await requestsArrived(sim, 4);
            controller.abort();
            assert.ok((await rejection(pending)) instanceof GitlabAbortError);
            await new Promise((resolve) => setTimeout(resolve, 100));
            assert.equal(sim.requests.length, 4);
          },
        );
      });
    }

    faultCase(
      "escape hatch: abort a streamed download after its headers → the body stream fails with GitlabAbortError",
      async () => {
        const { sim } = ctx;
        sim.reset();
        const { path, size } = bigArtifact(sim);
        sim.inject({ kind: "trickleBody", chunkSize: 1_024, intervalMs: 20, path });
        const controller = new AbortController();
        const response = await client(sim).httpGet(path.slice("/api/v4".length), {
          streamed: true,
          signal: controller.signal,
        });
        const started = Date.now();
        let received = 0;
        const error = await rejection(
          (async () => {
            for await (const chunk of response.body) {
              received += (chunk as Buffer).length;
              if (received >= 4_096) controller.abort();
            }
          })(),
        );
        assert.ok(error instanceof GitlabAbortError, String(error));
        assert.ok(
          !inspect(error).includes(ADMIN_TOKEN),
          "not axios's error, which holds the request headers",
        );
        assert.ok(received < size, "stopped before the end");
        assert.ok(Date.now() - started < PROMPT);
      },
    );

    faultCase(
      "escape hatch: a streamed download reset mid-body → the body stream fails with GitlabConnectionError",
      async () => {
        const { sim } = ctx;
        sim.reset();
        const { path, size } = bigArtifact(sim);
        sim.inject({ kind: "resetMidBody", bytes: 100_000, path });
        const gl = client(sim, { retryTransientErrors: true });
        const response = await gl.httpGet(path.slice("/api/v4".length), { streamed: true });
        let received = 0;
        const error = await rejection(
          (async () => {
            for await (const chunk of response.body) received += (chunk as Buffer).length;
          })(),
        );
        assert.ok(error instanceof GitlabConnectionError, String(error));
        assert.match(error.message, /broke before the whole response arrived/);
        assert.ok(!inspect(error).includes(ADMIN_TOKEN));
        assert.ok(received < size);
        assert.equal(
          sim.requests.length,
          1,
          "a body already handed to the caller is not fetched again",
        );
      },
    );
  });

  describe("200 concurrent calls against a server that allows 20 in flight", () => {
    const ctx = useSimulator({ rateLimit: { maxInFlight: 20 }, latencyMs: 10 });
    const calls = (gl: Parameters<(typeof STYLES)[number]["getProject"]>[0]) =>
      Array.from({ length: 200 }, (_, n) => STYLES[n % 2]!.getProject(gl));

    faultCase(
      "no client limit → every call completes through 429 retries (Retry-After 1, waited on the test's clock)",
      async () => {
        const { sim } = ctx;
        sim.reset();
        // Each round of refusals is one governor pause; on the real clock that is a second each.
        const gl = client(sim, { clock: new InstantClock(), maxRetries: -1 });
        const results = await Promise.all(calls(gl));
        assert.ok(results.every((project) => project.id === 1));
        assert.ok(sim.requests.length > 200, "the server did throttle");
        itemsVerified(results.length);
      },
    );

    faultCase(
      "maxConcurrency 20 → every call completes with zero 429s (obeyRateLimit off to prove it)",
      async () => {
        const { sim } = ctx;
        sim.reset();
        const results = await Promise.all(
          calls(client(sim, { maxConcurrency: 20, obeyRateLimit: false })),
        );
        assert.ok(results.every((project) => project.id === 1));
        assert.equal(sim.requests.length, 200);
        itemsVerified(results.length);
      },
    );
  });
}
