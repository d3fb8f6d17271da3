// gl.GET & co. are first-class: per-request options at the top level of the init, the same path
// guards as generated calls, misspelt options refused, and streaming that streams.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GitlabHttpError, GitlabOptionError, GitlabTimeoutError } from "../../src/index.js";
import "../../src/paths.js";
import { client, recordingLogger, useSimulator } from "../helpers/simulator.js";

const PROJECT = "/api/v4/projects/1";
const byId = (id: string | number) => ({ params: { path: { id } } });

describe("typed path calls take every per-request option", () => {
  const ctx = useSimulator();

  it("timeout: a 100 ms limit against headers that take 800 ms", async () => {
    ctx.sim.reset();
    ctx.sim.inject({ kind: "slowHeaders", delayMs: 800, path: PROJECT });
    const started = Date.now();
    await assert.rejects(
      client(ctx.sim).GET("/api/v4/projects/{id}", { ...byId(1), timeout: 100 }),
      GitlabTimeoutError,
    );
    assert.ok(Date.now() - started < 700, `took ${Date.now() - started} ms`);
  });

  it("retryTransientErrors and maxRetries, per call", async () => {
    ctx.sim.reset();
    ctx.sim.inject({ kind: "status", status: 502, times: 2, path: PROJECT });
    const logger = recordingLogger();
    const gl = client(ctx.sim, { logger, maxRetryWait: 1 });
    const { data } = await gl.GET("/api/v4/projects/{id}", {
      ...byId(1),
      retryTransientErrors: true,
      maxRetries: 2,
    });
    assert.equal(data.id, 1);
    assert.equal(ctx.sim.requests.length, 3);
    ctx.sim.reset();
    ctx.sim.inject({ kind: "status", status: 502, times: 2, path: PROJECT });
    await assert.rejects(
      gl.GET("/api/v4/projects/{id}", { ...byId(1), retryTransientErrors: true, maxRetries: 1 }),
      (error: unknown) => error instanceof GitlabHttpError && error.responseCode === 502,
    );
  });

  it("headers and signal", async () => {
    ctx.sim.reset();
    const controller = new AbortController();
    await client(ctx.sim).GET("/api/v4/projects/{id}", {
      ...byId(1),
      headers: { "X-Trace": "abc" },
      signal: controller.signal,
    });
    assert.equal(ctx.sim.requests[0]!.headers["x-trace"], "abc");
    controller.abort();
    await assert.rejects(
      client(ctx.sim).GET("/api/v4/projects/{id}", { ...byId(1), signal: controller.signal }),
      { name: "GitlabAbortError" },
    );
  });

  it("a misspelt option is refused, naming it, before anything is sent", async () => {
    ctx.sim.reset();
    // What a JavaScript caller can write; in TypeScript it is a type error (test/types).
    const init = JSON.parse('{"params":{"path":{"id":1}},"timout":100}') as ReturnType<typeof byId>;
    await assert.rejects(
      client(ctx.sim).GET("/api/v4/projects/{id}", init),
      (error: unknown) => error instanceof GitlabOptionError && error.option === "timout",
    );
    assert.equal(ctx.sim.requests.length, 0);
  });

  for (const [id, why] of [
    ["", /is empty/],
    ["../../version", /"\.\." path segment/],
    ["a\u0000b", /control character/],
  ] as const) {
    it(`path guard: id ${JSON.stringify(id)} is refused (${why.source})`, async () => {
      ctx.sim.reset();
      await assert.rejects(
        client(ctx.sim).GET("/api/v4/projects/{id}", byId(id)),
        (error: unknown) =>
          error instanceof GitlabOptionError &&
          error.option === "path.id" &&
          why.test(error.message),
      );
      assert.equal(ctx.sim.requests.length, 0);
    });
  }

  it("parseAs: stream resolves once the headers are in, before the body has arrived", async () => {
    ctx.sim.reset();
    ctx.sim.inject({ kind: "trickleBody", chunkSize: 64, intervalMs: 40, path: PROJECT });
    const started = Date.now();
    const { data } = await client(ctx.sim).GET("/api/v4/projects/{id}", {
      ...byId(1),
      parseAs: "stream",
    });
    const atHeaders = Date.now() - started;
    const text = await new Response(data).text();
    const total = Date.now() - started;
    assert.equal((JSON.parse(text) as { id: number }).id, 1);
    // The project is a few hundred bytes: several 40 ms chunks arrive after the call resolved.
    assert.ok(total - atHeaders >= 80, `resolved at ${atHeaders} ms, body done at ${total} ms`);
  });
});
