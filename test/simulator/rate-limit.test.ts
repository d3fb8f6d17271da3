import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startSimulator } from "../../src/simulator/index.js";
import { AUTH, rawRequest } from "./helpers.js";

describe("rate limiting", () => {
  it("answers 429 with GitLab's headers beyond the window's limit", async () => {
    const sim = await startSimulator({ rateLimit: { limit: 3, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await rawRequest(`${sim.url}/api/v4/version`)).status ?? 0);
      const throttled = await rawRequest(`${sim.url}/api/v4/version`);
      assert.deepEqual(statuses, [200, 200, 200]);
      assert.equal(throttled.status, 429);
      const h = throttled.headers ?? {};
      assert.equal(throttled.body.toString(), "Retry later\n");
      assert.equal(h["content-type"], "text/plain");
      assert.equal(h["ratelimit-limit"], "3");
      assert.equal(h["ratelimit-observed"], "4");
      assert.equal(h["ratelimit-remaining"], "0");
      const retryAfter = Number(h["retry-after"]);
      assert.ok(retryAfter >= 59 && retryAfter <= 60);
      const reset = Number(h["ratelimit-reset"]);
      assert.ok(reset * 1000 >= Date.now() + 58_000);
      assert.equal(new Date(String(h["ratelimit-resettime"])).getTime(), reset * 1000);
      assert.equal(sim.requests.length, 4, "throttled requests are logged too");
    } finally {
      await sim.close();
    }
  });

  it("opens a new window after windowMs", async () => {
    const sim = await startSimulator({ rateLimit: { limit: 1, windowMs: 1000 } });
    try {
      assert.equal((await rawRequest(`${sim.url}/api/v4/version`)).status, 200);
      assert.equal((await rawRequest(`${sim.url}/api/v4/version`)).status, 429);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await rawRequest(`${sim.url}/api/v4/version`)).status, 200);
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
