import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  clockOffset,
  inferPeriodSeconds,
  initialState,
  learn,
  readReport,
  readyAt,
  recordSend,
  type PolicyState,
} from "../../src/rate-limit-policy.js";
import { headers } from "./support.js";

/** 2027-01-01T00:00:00Z, a multiple of every period below. */
const T = 1_798_761_600_000;
const S = T / 1000;

describe("readReport", () => {
  const cases: Array<
    [string, number, Record<string, string>, Partial<ReturnType<typeof readReport>>]
  > = [
    [
      "GitLab's 429",
      429,
      {
        "Retry-After": "2",
        "RateLimit-Name": "throttle_authenticated_api",
        "RateLimit-Limit": "3000",
        "RateLimit-Observed": "101",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": String(S + 2),
      },
      {
        retryAfter: 2000,
        perMinute: 3000,
        observed: 101,
        remaining: 0,
        resetAt: T + 2000,
        serverSecond: T,
        name: "throttle_authenticated_api",
      },
    ],
    [
      "Retry-After as an HTTP date",
      429,
      { "Retry-After": new Date(T + 5000).toUTCString() },
      { retryAfter: 5000 },
    ],
    [
      "RateLimit-ResetTime when Reset is absent",
      429,
      { "RateLimit-ResetTime": new Date(T + 3000).toUTCString() },
      { resetAt: T + 3000 },
    ],
    [
      "a small RateLimit-Reset is a delay (the IETF draft)",
      429,
      { "RateLimit-Reset": "7" },
      { resetAt: undefined, retryAfter: 7000 },
    ],
    [
      "Date gives GitLab's second",
      200,
      { Date: new Date(T - 1000).toUTCString() },
      { serverSecond: T - 1000 },
    ],
    [
      "garbage is ignored",
      429,
      { "Retry-After": "soon", "RateLimit-Limit": "-1" },
      { retryAfter: undefined, perMinute: undefined },
    ],
  ];
  for (const [name, status, raw, expected] of cases) {
    it(name, () => {
      const report = readReport(status, headers(raw), T);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(report[key as keyof typeof report], value, key);
      }
    });
  }
});

describe("inferPeriodSeconds", () => {
  const cases: Array<[string, [number, number, number | undefined, number | undefined], number]> = [
    ["100 per 2 s from a 429 (observed 101)", [100, 3000, S + 2, 2], 2],
    ["100 per 2 s from a later refusal (observed 120)", [119, 3000, S + 2, 1], 2],
    ["GitLab.com's 2,000 a minute", [2000, 2000, S + 60, 37], 60],
    ["GitLab.com's 2,000 a minute, 20 refused at once", [2019, 2000, S + 60, 37], 60],
    ["self-managed default 7,200 an hour", [7200, 120, S + 3600, 3599], 3600],
    ["no reset: the least period the headers allow", [100, 3000, undefined, undefined], 2],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => assert.equal(inferPeriodSeconds(...args), expected));
  }
});

function report(status: number, raw: Record<string, string>, now: number) {
  return readReport(status, headers(raw), now);
}

/** A success as GitLab sends it with RateLimit-* on every response. */
function success(now: number, observed: number, limit = 100, period = 2) {
  const nowSeconds = Math.floor(now / 1000);
  return report(
    200,
    {
      Date: new Date(nowSeconds * 1000).toUTCString(),
      "RateLimit-Limit": String(Math.ceil((limit * 60) / period)),
      "RateLimit-Observed": String(observed),
      "RateLimit-Remaining": String(Math.max(0, limit - observed)),
      "RateLimit-Reset": String(nowSeconds + period - (nowSeconds % period)),
    },
    now,
  );
}

describe("learn and readyAt", () => {
  it("learns the exact quota and period from one success", () => {
    const state = initialState();
    learn(state, success(T + 10, 1), T + 5, T + 10);
    assert.deepEqual(state.limit, { perWindow: 100, periodMs: 2000, perMinute: 3000 });
  });

  it("paces: once the window's quota is sent, the next request waits for the next window", () => {
    const state = initialState();
    recordSend(state, T + 5);
    learn(state, success(T + 10, 1), T + 5, T + 10);
    for (let i = 0; i < 98; i++) recordSend(state, T + 20);
    assert.deepEqual(readyAt(state, T + 20), { at: T + 20 });
    recordSend(state, T + 20);
    assert.deepEqual(readyAt(state, T + 20), { at: T + 2000, reason: "pacing" });
  });

  it("counts requests sent before the limit was learnt", () => {
    const state = initialState();
    for (let i = 0; i < 20; i++) recordSend(state, T + 1);
    learn(state, success(T + 10, 1), T + 1, T + 10);
    for (let i = 0; i < 80; i++) recordSend(state, T + 11);
    assert.equal(readyAt(state, T + 11).reason, "pacing");
  });

  it("counts a request sent within a round trip of a window's end in both, until GitLab says which", () => {
    const state = initialState();
    recordSend(state, T + 1000);
    learn(state, success(T + 1100, 1), T + 1000, T + 1100); // a 100 ms round trip
    const placement = recordSend(state, T + 1950);
    assert.deepEqual(placement, { index: T / 2000, both: true });
    assert.equal(state.windows.get(T / 2000 + 1)?.sent, 1, "counted in the next window too");
    learn(state, success(T + 1990, 3), T + 1950, T + 1990, placement);
    assert.equal(state.windows.get(T / 2000 + 1)?.sent, 0, "GitLab counted it in the first");
  });

  it("counts others' requests that GitLab observed in the window", () => {
    const state = initialState();
    learn(state, success(T + 10, 51), T + 5, T + 10);
    for (let i = 0; i < 49; i++) recordSend(state, T + 11);
    assert.equal(readyAt(state, T + 11).reason, "pacing", "50 of the 100 were someone else's");
  });

  it("pauses until the reset at a 429, bounded by Retry-After", () => {
    const state = initialState();
    const refused = report(
      429,
      {
        "Retry-After": "2",
        "RateLimit-Limit": "3000",
        "RateLimit-Observed": "101",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": String(S + 2),
      },
      T + 300,
    );
    learn(state, refused, T + 295, T + 300);
    assert.deepEqual(readyAt(state, T + 300), { at: T + 2000, reason: "paused" });
    assert.deepEqual(state.limit, { perWindow: 100, periodMs: 2000, perMinute: 3000 });
  });

  it("waits Retry-After when a 429 has nothing else", () => {
    const state = initialState();
    learn(state, report(429, { "Retry-After": "3", "RateLimit-Name": "x" }, T), T, T);
    assert.deepEqual(readyAt(state, T), { at: T + 3000, reason: "paused" });
  });

  it("lets a 429 without the throttle's headers pause nothing client-wide", () => {
    const state = initialState();
    learn(state, report(429, { "Retry-After": "60" }, T), T, T);
    assert.deepEqual(readyAt(state, T), { at: T });
  });

  it("pauses at RateLimit-Remaining: 0 on a success", () => {
    const state = initialState();
    learn(state, success(T + 500, 100), T + 495, T + 500);
    assert.deepEqual(readyAt(state, T + 500), { at: T + 2000, reason: "paused" });
  });

  const offsets: Array<[string, (state: PolicyState) => void, number]> = [
    ["no evidence: clocks agree", () => {}, 0],
    [
      "GitLab's clock proven 3 s ahead",
      (s) => learn(s, report(200, { Date: new Date(T + 3000).toUTCString() }, T), T - 5, T),
      3000,
    ],
    [
      "GitLab's clock proven 3 s behind",
      (s) => learn(s, report(200, { Date: new Date(T - 3000).toUTCString() }, T), T - 5, T),
      -1995,
    ],
  ];
  for (const [name, prepare, expected] of offsets) {
    it(`clock offset: ${name}`, () => {
      const state = initialState();
      prepare(state);
      assert.equal(clockOffset(state), expected);
    });
  }

  it("resumes on our clock when GitLab's runs ahead", () => {
    const state = initialState();
    const refused = report(
      429,
      {
        Date: new Date(T + 3000).toUTCString(),
        "Retry-After": "2",
        "RateLimit-Limit": "3000",
        "RateLimit-Observed": "101",
        "RateLimit-Reset": String(S + 5),
      },
      T,
    );
    learn(state, refused, T - 5, T);
    assert.equal(readyAt(state, T).at, T + 2000, "the reset at GitLab's T+5 s is our T+2 s");
  });
});
