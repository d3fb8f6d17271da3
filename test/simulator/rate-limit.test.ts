import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startSimulator } from "../../src/simulator/index.js";
import { ALICE_TOKEN, AUTH, rawRequest } from "./helpers.js";

/** 2027-01-01T00:00:00Z: a multiple of every window below. */
const T = 1_798_761_600_000;

function status(response: { status?: number }): number {
  return response.status ?? 0;
}

describe("rate limiting", () => {
  it("answers 429 with GitLab's headers beyond the window's limit", async () => {
    const now = T + 15_500;
    const sim = await startSimulator({ rateLimit: { limit: 3, windowMs: 60_000, now: () => now } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push(status(await rawRequest(`${sim.url}/api/v4/version`)));
      const throttled = await rawRequest(`${sim.url}/api/v4/version`);
      assert.deepEqual(statuses, [200, 200, 200]);
      assert.equal(throttled.status, 429);
      const h = throttled.headers ?? {};
      assert.equal(throttled.body.toString(), "Retry later\n");
      assert.equal(h["content-type"], "text/plain");
      assert.equal(h["ratelimit-name"], "throttle_authenticated_api");
      assert.equal(h["ratelimit-limit"], "3");
      assert.equal(h["ratelimit-observed"], "4");
      assert.equal(h["ratelimit-remaining"], "0");
      assert.equal(h["retry-after"], "45", "period − now % period, in whole seconds");
      assert.equal(h["ratelimit-reset"], String(T / 1000 + 60), "the window ends on the minute");
      assert.equal(h["ratelimit-resettime"], new Date(T + 60_000).toUTCString());
      assert.equal(sim.requests.length, 4, "throttled requests are logged too");
    } finally {
      await sim.close();
    }
  });

  it("aligns windows to the clock, as Rack::Attack does, not to the first request", async () => {
    let now = T + 1500;
    const sim = await startSimulator({ rateLimit: { limit: 1, windowMs: 2000, now: () => now } });
    try {
      assert.equal(status(await rawRequest(`${sim.url}/api/v4/version`)), 200);
      const refused = await rawRequest(`${sim.url}/api/v4/version`);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers?.["retry-after"], "1", "second 1 of the window [0, 2)");
      now = T + 1999;
      assert.equal(status(await rawRequest(`${sim.url}/api/v4/version`)), 429);
      now = T + 2000;
      assert.equal(
        status(await rawRequest(`${sim.url}/api/v4/version`)),
        200,
        "a new window at 2 s",
      );
    } finally {
      await sim.close();
    }
  });

  it("counts refused requests: RateLimit-Observed keeps growing past the limit", async () => {
    const now = T;
    const sim = await startSimulator({ rateLimit: { limit: 2, windowMs: 60_000, now: () => now } });
    try {
      const observed: string[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await rawRequest(`${sim.url}/api/v4/version`);
        if (response.status === 429)
          observed.push(String(response.headers?.["ratelimit-observed"]));
      }
      assert.deepEqual(observed, ["3", "4", "5"]);
    } finally {
      await sim.close();
    }
  });

  it("normalises RateLimit-Limit to 60 s as GitLab does: 100 per 2 s is 3000", async () => {
    const now = T + 100;
    const sim = await startSimulator({ rateLimit: { limit: 1, windowMs: 2000, now: () => now } });
    try {
      await rawRequest(`${sim.url}/api/v4/version`);
      const refused = await rawRequest(`${sim.url}/api/v4/version`);
      assert.equal(refused.headers?.["ratelimit-limit"], "30");
      assert.equal(refused.headers?.["retry-after"], "2");
    } finally {
      await sim.close();
    }
  });

  it('sends RateLimit-* on successes too with headers: "all", without Retry-After', async () => {
    const now = T + 500;
    const sim = await startSimulator({
      rateLimit: { limit: 10, windowMs: 2000, headers: "all", now: () => now },
    });
    try {
      await rawRequest(`${sim.url}/api/v4/version`);
      const second = await rawRequest(`${sim.url}/api/v4/version`);
      const h = second.headers ?? {};
      assert.equal(second.status, 200);
      assert.equal(h["ratelimit-limit"], "300");
      assert.equal(h["ratelimit-observed"], "2");
      assert.equal(h["ratelimit-remaining"], "8");
      assert.equal(h["ratelimit-reset"], String(T / 1000 + 2));
      assert.equal(h["retry-after"], undefined);
    } finally {
      await sim.close();
    }
  });

  it("counts each user apart, and unauthenticated requests by address", async () => {
    const now = T;
    const sim = await startSimulator({ rateLimit: { limit: 1, windowMs: 60_000, now: () => now } });
    try {
      assert.equal(status(await rawRequest(`${sim.url}/api/v4/version`)), 200);
      assert.equal(status(await rawRequest(`${sim.url}/api/v4/version`)), 429);
      const other = await fetch(`${sim.url}/api/v4/version`, {
        headers: { "PRIVATE-TOKEN": ALICE_TOKEN },
      });
      assert.equal(other.status, 200, "another user's window is untouched");
      const anonymous = await fetch(`${sim.url}/api/v4/projects`);
      assert.equal(anonymous.status, 200);
      const again = await fetch(`${sim.url}/api/v4/projects`);
      assert.equal(again.status, 429);
      assert.equal(again.headers.get("ratelimit-name"), "throttle_unauthenticated_api");
    } finally {
      await sim.close();
    }
  });

  it("models per-endpoint limits: a JSON 429 with Retry-After the period, counted from the first request", async () => {
    let now = T + 30_000;
    const refusals: string[] = [];
    const sim = await startSimulator({
      rateLimit: {
        limit: 1000,
        windowMs: 60_000,
        endpoints: [
          {
            name: "single project",
            method: "GET",
            path: /^\/api\/v4\/projects\/[^/]+$/,
            limit: 2,
            periodSeconds: 60,
          },
        ],
        onRefused: (refusal) =>
          refusals.push(`${refusal.throttle} ${refusal.method} ${refusal.url}`),
        now: () => now,
      },
    });
    try {
      const get = () => fetch(`${sim.url}/api/v4/projects/1`, { headers: AUTH });
      assert.equal((await get()).status, 200);
      assert.equal((await get()).status, 200);
      const refused = await get();
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get("retry-after"), "60");
      assert.equal(
        refused.headers.get("ratelimit-limit"),
        null,
        "no RateLimit-* from this limiter",
      );
      assert.deepEqual(await refused.json(), {
        message: { error: "This endpoint has been requested too many times. Try again later." },
      });
      now = T + 60_000;
      assert.equal(
        (await get()).status,
        429,
        "the period runs from the first request, not the clock's minute",
      );
      now = T + 90_000;
      assert.equal((await get()).status, 200);
      assert.deepEqual(refusals, [
        "single project GET /api/v4/projects/1",
        "single project GET /api/v4/projects/1",
      ]);
    } finally {
      await sim.close();
    }
  });

  it("answers 429 to requests beyond maxInFlight", async () => {
    // The latency keeps the first 20 in flight while the other 5 arrive, with room to spare on a slow machine.
    const sim = await startSimulator({ rateLimit: { maxInFlight: 20 }, latencyMs: 1000 });
    try {
      const responses = await Promise.all(
        Array.from({ length: 25 }, () => fetch(`${sim.url}/api/v4/version`, { headers: AUTH })),
      );
      const statuses = responses.map((response) => response.status);
      assert.equal(statuses.filter((status) => status === 200).length, 20);
      assert.equal(statuses.filter((status) => status === 429).length, 5);
      const rejected = responses.find((response) => response.status === 429);
      assert.equal(rejected?.headers.get("retry-after"), "1");
      assert.equal(
        (await fetch(`${sim.url}/api/v4/version`, { headers: AUTH })).status,
        200,
        "slots are freed",
      );
    } finally {
      await sim.close();
    }
  });
});

describe("latency", () => {
  it("delays every API response by at least latencyMs", async () => {
    const sim = await startSimulator({ latencyMs: 80 });
    try {
      for (const path of ["/api/v4/version", "/api/v4/projects/999"]) {
        const started = Date.now();
        await rawRequest(`${sim.url}${path}`);
        assert.ok(Date.now() - started >= 80, path);
      }
    } finally {
      await sim.close();
    }
  });
});
