import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import {
  GitlabAbortError,
  GitlabConnectionError,
  GitlabHttpError,
  GitlabRateLimitError,
  GitlabTimeoutError,
} from "../../src/index.js";
import { InstantClock } from "../helpers/clock.js";
import { client, recordingLogger, useSimulator } from "../helpers/simulator.js";

const PROJECT = "/api/v4/projects/1";

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("rate limits", () => {
  const ctx = useSimulator();

  it("waits out a 429 (Retry-After 0) and retries, by default", async () => {
    const { sim } = ctx;
    sim.reset();
    sim.inject({ kind: "rateLimit", retryAfter: 0, times: 2, path: PROJECT });
    const project = (await client(sim).httpGet("/projects/1")) as { id: number };
    assert.equal(project.id, 1);
    assert.equal(sim.requests.length, 3);
  });

  it("waits as long as Retry-After says", async () => {
    const { sim } = ctx;
    sim.reset();
    sim.inject({ kind: "rateLimit", retryAfter: 1, path: PROJECT });
    const clock = new InstantClock();
    await client(sim, { clock }).httpGet("/projects/1");
    assert.equal(sim.requests.length, 2);
    // The governor waits from when the 429 arrived: a second, less the ms since.
    assert.equal(clock.sleeps.length, 1);
    assert.ok(clock.sleeps[0]! > 950 && clock.sleeps[0]! <= 1000, String(clock.sleeps));
  });

  it("with no usable header, backs off exponentially", async () => {
    const { sim } = ctx;
    sim.reset();
    sim.inject({ kind: "rateLimit", retryAfter: "garbage", times: 3, path: PROJECT });
    const logger = recordingLogger();
    await client(sim, { logger }).httpGet("/projects/1");
    assert.equal(sim.requests.length, 4);
    const waits = logger.debugs
      .filter((l) => l.startsWith("retrying"))
      .map((l) => Number(/in (\d+) ms/.exec(l)![1]));
    assert.equal(waits.length, 3);
    assert.ok(waits[0]! >= 50 && waits[0]! <= 100);
    assert.ok(waits[2]! >= 200 && waits[2]! <= 400);
  });

  it("obeyRateLimit: false gives the 429 to the caller as GitlabRateLimitError", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "rateLimit", retryAfter: 7, path: PROJECT });
    await assert.rejects(
      client(sim, { obeyRateLimit: false }).httpGet("/projects/1"),
      (error: unknown) => {
        assert.ok(error instanceof GitlabRateLimitError);
        assert.equal(error.responseCode, 429);
        assert.equal(error.retryAfterMs, 7000);
        return true;
      },
    );
    sim.reset();
  });

  it("per request, obeyRateLimit overrides the client", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "rateLimit", retryAfter: 0, path: PROJECT });
    await assert.rejects(
      client(sim).httpGet("/projects/1", { obeyRateLimit: false }),
      GitlabRateLimitError,
    );
    sim.reset();
  });

  it("refuses to wait longer than maxRetryWait, saying so", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "rateLimit", retryAfter: 3600, path: PROJECT });
    await assert.rejects(
      client(sim, { maxRetryWait: 5_000 }).httpGet("/projects/1"),
      (error: unknown) => {
        assert.ok(error instanceof GitlabRateLimitError);
        assert.match(error.message, /asked to wait 3600 s, more than maxRetryWait 5000 ms/);
        return true;
      },
    );
    sim.reset();
  });

  it("gives up after maxRetries", async () => {
    const { sim } = ctx;
    sim.reset();
    sim.inject({ kind: "rateLimit", retryAfter: 0, times: 10, path: PROJECT });
    await assert.rejects(
      client(sim, { maxRetries: 2 }).httpGet("/projects/1"),
      GitlabRateLimitError,
    );
    assert.equal(sim.requests.length, 3);
    sim.reset();
  });

  it("waits until RateLimit-Reset when there is no Retry-After", async () => {
    const { sim } = ctx;
    sim.reset();
    const clock = new InstantClock();
    const reset = Math.ceil(clock.now() / 1000) + 30;
    sim.inject({ kind: "rateLimit", retryAfter: null, reset, path: PROJECT });
    await client(sim, { clock }).httpGet("/projects/1");
    assert.equal(sim.requests.length, 2);
    assert.equal(clock.sleeps.length, 1);
    // The wait runs to the reset, 30–31 s away (the reset is a whole second).
    assert.ok(clock.sleeps[0]! > 29_000 && clock.sleeps[0]! <= 31_000, String(clock.sleeps));
  });

  it("an AbortSignal cancels the wait between retries", async () => {
    const { sim } = ctx;
    sim.reset();
    sim.inject({ kind: "rateLimit", retryAfter: 30, path: PROJECT });
    const controller = new AbortController();
    const pending = client(sim).httpGet("/projects/1", { signal: controller.signal });
    while (sim.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await assert.rejects(pending, GitlabAbortError);
    assert.equal(sim.requests.length, 1);
    sim.reset();
  });
});

describe("transient errors", () => {
  const ctx = useSimulator();

  for (const status of [500, 502, 503, 504, 520, 530]) {
    it(`retries ${status} only with retryTransientErrors`, async () => {
      const { sim } = ctx;
      sim.reset();
      sim.inject({ kind: "status", status, path: PROJECT });
      await assert.rejects(client(sim).httpGet("/projects/1"), {
        name: "GitlabHttpError",
        responseCode: status,
      });
      sim.inject({ kind: "status", status, path: PROJECT });
      const project = (await client(sim, { retryTransientErrors: true }).httpGet(
        "/projects/1",
      )) as { id: number };
      assert.equal(project.id, 1);
      assert.equal(sim.requests.length, 3);
    });
  }

  it("retries 409 Resource lock, not other conflicts", async () => {
    const { sim } = ctx;
    sim.reset();
    sim.inject({
      kind: "status",
      status: 409,
      body: { message: "409 Conflict: Resource lock" },
      path: PROJECT,
    });
    await client(sim, { retryTransientErrors: true }).httpGet("/projects/1");
    sim.inject({ kind: "status", status: 409, body: { message: "Already exists" }, path: PROJECT });
    await assert.rejects(client(sim, { retryTransientErrors: true }).httpGet("/projects/1"), {
      responseCode: 409,
      errorMessage: "Already exists",
    });
    assert.equal(sim.requests.length, 3);
  });

  it("retryTransientErrors per request overrides the client", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "status", status: 502, path: PROJECT });
    await client(sim).httpGet("/projects/1", { retryTransientErrors: true });
    sim.inject({ kind: "status", status: 502, path: PROJECT });
    await assert.rejects(
      client(sim, { retryTransientErrors: true }).httpGet("/projects/1", {
        retryTransientErrors: false,
      }),
      {
        responseCode: 502,
      },
    );
  });

  it("does not resend a POST after a 5xx unless the caller opts in", async () => {
    const { sim } = ctx;
    sim.reset();
    const path = "/api/v4/projects/1/issues";
    sim.inject({ kind: "status", status: 503, path, method: "POST" });
    const gl = client(sim, { retryTransientErrors: true });
    await assert.rejects(gl.httpPost("/projects/1/issues", { postData: { title: "once" } }), {
      responseCode: 503,
    });
    assert.equal(sim.requests.length, 1);
    sim.inject({ kind: "status", status: 503, path, method: "POST" });
    const issue = (await gl.httpPost("/projects/1/issues", {
      postData: { title: "twice" },
      retryNonIdempotent: true,
    })) as {
      title: string;
    };
    assert.equal(issue.title, "twice");
    assert.equal(sim.requests.length, 3);
  });

  it("retries a connection reset on GET with retryTransientErrors", async () => {
    const { sim } = ctx;
    sim.reset();
    sim.inject({ kind: "resetBeforeHeaders", path: PROJECT });
    await assert.rejects(client(sim).httpGet("/projects/1"), GitlabConnectionError);
    sim.inject({ kind: "resetMidBody", path: PROJECT });
    await assert.rejects(client(sim).httpGet("/projects/1"), GitlabConnectionError);
    sim.inject({ kind: "resetMidBody", path: PROJECT });
    const project = (await client(sim, { retryTransientErrors: true }).httpGet("/projects/1")) as {
      id: number;
    };
    assert.equal(project.id, 1);
  });

  it("a refused connection is a GitlabConnectionError, retried up to maxRetries", async () => {
    const port = await closedPort();
    const logger = recordingLogger();
    const gl = client(ctx.sim, {
      url: `http://127.0.0.1:${port}`,
      retryTransientErrors: true,
      maxRetries: 2,
      logger,
    });
    await assert.rejects(gl.httpGet("/projects/1"), (error: unknown) => {
      assert.ok(error instanceof GitlabConnectionError);
      assert.equal(error.code, "ECONNREFUSED");
      return true;
    });
    assert.equal(logger.debugs.filter((l) => l.startsWith("retrying")).length, 2);
  });

  it("a slow response times out with GitlabTimeoutError, and the retry succeeds", async () => {
    const { sim } = ctx;
    sim.reset();
    sim.inject({ kind: "slowHeaders", delayMs: 2_000, path: PROJECT });
    await assert.rejects(client(sim, { timeout: 200 }).httpGet("/projects/1"), (error: unknown) => {
      assert.ok(error instanceof GitlabTimeoutError);
      assert.equal(error.timeout, 200);
      return true;
    });
    sim.inject({ kind: "slowHeaders", delayMs: 2_000, path: PROJECT });
    const project = (await client(sim, { timeout: 200, retryTransientErrors: true }).httpGet(
      "/projects/1",
    )) as {
      id: number;
    };
    assert.equal(project.id, 1);
  });

  it("a trickling body times out too", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "trickleBody", chunkSize: 1, intervalMs: 100, path: PROJECT });
    await assert.rejects(client(sim).httpGet("/projects/1", { timeout: 300 }), GitlabTimeoutError);
  });

  it("non-transient errors are never retried", async () => {
    const { sim } = ctx;
    sim.reset();
    await assert.rejects(
      client(sim, { retryTransientErrors: true }).httpGet("/projects/999999"),
      (error: unknown) => {
        assert.ok(error instanceof GitlabHttpError);
        assert.equal(error.responseCode, 404);
        return true;
      },
    );
    assert.equal(sim.requests.length, 1);
  });
});
