import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gunzipSync, inflateSync } from "node:zlib";
import { startSimulator } from "../../src/simulator/index.js";
import { AUTH, getJson, rawRequest, useSimulator } from "./helpers.js";

const ctx = useSimulator();
const url = (path: string) => `${ctx.sim.url}${path}`;

describe("response faults", () => {
  it("status: any status with headers and a JSON or text body, once", async () => {
    const { sim } = ctx;
    sim.inject({
      kind: "status",
      status: 409,
      body: { message: "409 Conflict: Resource lock" },
      path: "/api/v4/projects/1",
    });
    const locked = await getJson(sim, "/api/v4/projects/1");
    assert.equal(locked.status, 409);
    assert.deepEqual(locked.body, { message: "409 Conflict: Resource lock" });
    assert.equal((await getJson(sim, "/api/v4/projects/1")).status, 200, "one-shot by default");
    sim.inject({ kind: "status", status: 503, headers: { "Retry-After": "7" } });
    const unavailable = await getJson(sim, "/api/v4/projects/1");
    assert.deepEqual(unavailable.body, { message: "503 Service Unavailable" });
    assert.equal(unavailable.headers.get("retry-after"), "7");
  });

  it("status: nginx and Cloudflare HTML pages", async () => {
    ctx.sim.inject({ kind: "status", status: 502, page: "nginx" });
    const nginx = await rawRequest(url("/api/v4/projects"));
    assert.equal(nginx.status, 502);
    assert.equal(nginx.headers?.["content-type"], "text/html");
    assert.match(nginx.body.toString(), /<center>nginx<\/center>/);
    ctx.sim.inject({ kind: "status", status: 522, page: "cloudflare" });
    const cloudflare = await rawRequest(url("/api/v4/projects"));
    assert.equal(cloudflare.status, 522);
    assert.match(cloudflare.body.toString(), /Error code 522/);
  });

  it("rateLimit: chosen Retry-After forms and RateLimit-* headers", async () => {
    const { sim } = ctx;
    const date = new Date(Date.now() - 60_000).toUTCString();
    sim.inject({
      kind: "rateLimit",
      retryAfter: date,
      reset: 1_700_000_000,
      limit: 10,
      observed: 11,
      remaining: 0,
    });
    const dated = await rawRequest(url("/api/v4/projects"));
    assert.equal(dated.status, 429);
    assert.equal(dated.headers?.["retry-after"], date);
    assert.equal(dated.headers?.["ratelimit-reset"], "1700000000");
    assert.equal(dated.headers?.["ratelimit-limit"], "10");
    assert.equal(dated.headers?.["ratelimit-observed"], "11");
    assert.equal(dated.headers?.["content-type"], "text/plain");
    assert.equal(dated.body.toString(), "Retry later\n");
    sim.inject({ kind: "rateLimit", retryAfter: null });
    const bare = await rawRequest(url("/api/v4/projects"));
    assert.equal(bare.status, 429);
    assert.equal(bare.headers?.["retry-after"], undefined);
    sim.inject({ kind: "rateLimit", retryAfter: "soon" });
    assert.equal((await rawRequest(url("/api/v4/projects"))).headers?.["retry-after"], "soon");
  });

  it("redirect: to another origin with the chosen status", async () => {
    ctx.sim.inject({
      kind: "redirect",
      status: 308,
      location: "http://127.0.0.1:1/api/v4/projects",
    });
    const response = await rawRequest(url("/api/v4/projects"));
    assert.equal(response.status, 308);
    assert.equal(response.headers?.["location"], "http://127.0.0.1:1/api/v4/projects");
  });
});

describe("socket faults", () => {
  it("resetBeforeHeaders: the connection is reset without a response", async () => {
    ctx.sim.inject({ kind: "resetBeforeHeaders" });
    const response = await rawRequest(url("/api/v4/projects"));
    assert.equal(response.status, undefined);
    assert.equal(response.error?.code, "ECONNRESET");
  });

  it("resetMidBody: headers and part of the body, then a reset", async () => {
    ctx.sim.inject({ kind: "resetMidBody", bytes: 100 });
    const response = await rawRequest(url("/api/v4/projects"));
    assert.equal(response.status, 200);
    assert.ok(Number(response.headers?.["content-length"]) > 100);
    assert.equal(response.body.length, 100);
    assert.equal(response.complete, false);
    assert.ok(response.error, "the response errors out");
  });

  it("truncate: fewer bytes than Content-Length, then the socket ends", async () => {
    ctx.sim.inject({ kind: "truncate", bytes: 10 });
    const response = await rawRequest(url("/api/v4/projects/1"));
    assert.equal(response.status, 200);
    assert.ok(Number(response.headers?.["content-length"]) > 10);
    assert.equal(response.body.length, 10);
    assert.equal(response.complete, false);
  });

  it("truncate works on a streamed download too", async () => {
    const artifact = ctx.sim.info.artifacts.find((a) => a.projectId === 2);
    ctx.sim.inject({ kind: "truncate", path: /\/artifacts$/ });
    const response = await rawRequest(url(`/api/v4/projects/2/jobs/${artifact?.jobId}/artifacts`));
    assert.equal(response.headers?.["content-length"], String(artifact?.size));
    assert.equal(response.body.length, (artifact?.size ?? 0) / 2);
    assert.equal(response.complete, false);
  });

  it("slowHeaders: the response starts no sooner than the delay", async () => {
    ctx.sim.inject({ kind: "slowHeaders", delayMs: 150 });
    const started = Date.now();
    const response = await rawRequest(url("/api/v4/version"));
    assert.equal(response.status, 200);
    assert.ok(Date.now() - started >= 150);
  });

  it("trickleBody: the whole body, slowly", async () => {
    const normal = await rawRequest(url("/api/v4/version"));
    ctx.sim.inject({ kind: "trickleBody", chunkSize: 40, intervalMs: 20 });
    const started = Date.now();
    const slow = await rawRequest(url("/api/v4/version"));
    assert.deepEqual(slow.body, normal.body);
    assert.equal(slow.complete, true);
    const chunks = Math.ceil(normal.body.length / 40);
    assert.ok(Date.now() - started >= (chunks - 1) * 20);
  });
});

describe("body and header faults", () => {
  it("malformedJson, emptyJson and wrongContentType", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "malformedJson" });
    const malformed = await rawRequest(url("/api/v4/projects/1"));
    assert.equal(malformed.headers?.["content-type"], "application/json");
    assert.throws(() => JSON.parse(malformed.body.toString()), SyntaxError);
    sim.inject({ kind: "emptyJson" });
    const empty = await rawRequest(url("/api/v4/projects/1"));
    assert.equal(empty.headers?.["content-type"], "application/json");
    assert.equal(empty.body.length, 0);
    sim.inject({ kind: "wrongContentType" });
    const plain = await rawRequest(url("/api/v4/projects/1"));
    assert.equal(plain.headers?.["content-type"], "text/plain");
    assert.equal((JSON.parse(plain.body.toString()) as { id: number }).id, 1);
  });

  it("gzip and deflate encode the real response", async () => {
    const plain = await rawRequest(url("/api/v4/projects/1"));
    ctx.sim.inject({ kind: "gzip" });
    const gzipped = await rawRequest(url("/api/v4/projects/1"));
    assert.equal(gzipped.headers?.["content-encoding"], "gzip");
    assert.deepEqual(gunzipSync(gzipped.body), plain.body);
    ctx.sim.inject({ kind: "deflate" });
    const deflated = await rawRequest(url("/api/v4/projects/1"));
    assert.equal(deflated.headers?.["content-encoding"], "deflate");
    assert.deepEqual(inflateSync(deflated.body), plain.body);
  });

  it("big: a ~10 MB JSON page", async () => {
    ctx.sim.inject({ kind: "big" });
    const response = await rawRequest(url("/api/v4/projects"));
    assert.ok(response.body.length >= 10 * 1024 * 1024);
    assert.ok(Array.isArray(JSON.parse(response.body.toString())));
  });

  it("badLink, nextLink, garbageNextPage and emptyPage alter a list page", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "badLink" });
    const bad = await getJson(sim, "/api/v4/projects/1/issues");
    assert.ok(bad.headers.get("link")?.includes("rel="));
    assert.ok(!bad.headers.get("link")?.includes(">"));
    sim.inject({ kind: "nextLink", url: "http://evil.example/api/v4/projects?page=2" });
    const next = await getJson(sim, "/api/v4/projects/1/issues");
    assert.equal(
      next.headers.get("link"),
      '<http://evil.example/api/v4/projects?page=2>; rel="next"',
    );
    sim.inject({ kind: "garbageNextPage" });
    assert.equal(
      (await getJson(sim, "/api/v4/projects/1/issues")).headers.get("x-next-page"),
      "abc",
    );
    sim.inject({ kind: "emptyPage" });
    const empty = await getJson(sim, "/api/v4/projects/1/issues");
    assert.deepEqual(empty.body, []);
    assert.equal(empty.headers.get("x-next-page"), "2");
  });
});

describe("fault matching", () => {
  it("matches method and raw path, honours times and skip", async () => {
    const { sim } = ctx;
    sim.inject({
      kind: "status",
      status: 500,
      method: "GET",
      path: "/api/v4/projects/acme%2Fwebsite",
      times: 2,
      skip: 1,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await getJson(sim, "/api/v4/projects/acme%2Fwebsite")).status);
    assert.deepEqual(statuses, [200, 500, 500, 200]);
    sim.inject({ kind: "status", status: 500, path: /^\/api\/v4\/projects\/\d+$/ });
    assert.equal(
      (await getJson(sim, "/api/v4/projects/acme%2Fwebsite")).status,
      200,
      "regex does not match",
    );
    assert.equal((await getJson(sim, "/api/v4/projects/1")).status, 500);
  });

  it("rejects an unknown kind or a missing option at inject time", () => {
    assert.throws(() => ctx.sim.inject({ kind: "explode" } as never), /Unknown fault kind/);
    assert.throws(() => ctx.sim.inject({ kind: "redirect" } as never), /needs "location"/);
  });
});

describe("faultRate", () => {
  async function statuses(random: number): Promise<number[]> {
    const sim = await startSimulator({ faultRate: 0.5, random });
    try {
      const result: number[] = [];
      for (let i = 0; i < 30; i++) {
        result.push((await fetch(`${sim.url}/api/v4/version`, { headers: AUTH })).status);
      }
      return result;
    } finally {
      await sim.close();
    }
  }

  it("fails a share of requests with transient 5xx, reproducibly for a seed", async () => {
    const first = await statuses(7);
    assert.deepEqual(await statuses(7), first);
    const failures = first.filter((status) => status !== 200);
    assert.ok(failures.length > 5 && failures.length < 25);
    assert.ok(failures.every((status) => [500, 502, 503, 504].includes(status)));
    assert.notDeepEqual(await statuses(8), first);
  });
});
