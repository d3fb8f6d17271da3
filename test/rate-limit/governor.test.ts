import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RateLimitEvent } from "../../src/rate-limit-event.js";
import { RateLimitGovernor, type Permit } from "../../src/rate-limit-governor.js";
import { GITLAB_COM_ENDPOINT_LIMITS } from "../../src/gitlab-endpoint-limits.js";
import { FakeClock, settle } from "./fake-clock.js";
import { gitlabModel, headers, recordingLogger, runJob, theoreticalMinimum } from "./support.js";

/** 2027-01-01T00:00:00.400Z: mid-second, mid-window for 2 s windows. */
const START = 1_798_761_600_400;
const API = "https://gitlab.example.com/api/v4";

function setup(
  maxConcurrency?: number,
  extra: Partial<ConstructorParameters<typeof RateLimitGovernor>[0]> = {},
) {
  const clock = new FakeClock(START);
  const events: RateLimitEvent[] = [];
  const logger = recordingLogger();
  const governor = new RateLimitGovernor({
    maxConcurrency,
    clock,
    logger,
    onRateLimit: (event) => events.push(event),
    ...extra,
  });
  return { clock, events, logger, governor };
}

/** Acquires without awaiting; `granted` fills as permits arrive. */
function request(governor: RateLimitGovernor, path: string, waited = false, signal?: AbortSignal) {
  const entry: { permit?: Permit; error?: unknown; path: string } = { path };
  governor.acquire({ method: "GET", url: `${API}${path}`, waited }, signal).then(
    (permit) => (entry.permit = permit),
    (error: unknown) => (entry.error = error),
  );
  return entry;
}

/** A 429 as GitLab's throttle sends it at `now` (whole seconds) for `limit` per `period` s. */
function throttled(now: number, limit: number, period: number, observed: number) {
  const nowSeconds = Math.floor(now / 1000);
  const retryAfter = period - (nowSeconds % period);
  return {
    status: 429,
    headers: headers({
      Date: new Date(nowSeconds * 1000).toUTCString(),
      "Retry-After": String(retryAfter),
      "RateLimit-Name": "throttle_authenticated_api",
      "RateLimit-Limit": String(Math.ceil((limit * 60) / period)),
      "RateLimit-Observed": String(observed),
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": String(nowSeconds + retryAfter),
    }),
  };
}

const ok = { status: 200, headers: headers({}) };

describe("rate-limit governor", () => {
  it("pauses every request at the first 429 until the window resets: one wait, not one per request", async () => {
    const { clock, events, governor } = setup(3);
    const entries = Array.from({ length: 6 }, (_, i) => request(governor, `/projects/${i}`));
    await settle();
    assert.deepEqual(
      entries.map((e) => e.permit !== undefined),
      [true, true, true, false, false, false],
    );
    const resetAt = Math.ceil(START / 2000) * 2000; // 2 s windows: the one holding START ends here
    for (const entry of entries.slice(0, 3))
      entry.permit!.release(throttled(clock.now(), 10, 2, 11));
    await settle();
    assert.equal(entries.filter((e) => e.permit).length, 3, "nothing more goes out while paused");
    assert.equal(events.filter((e) => e.kind === "pause").length, 1, "one pause for three 429s");
    const pause = events[0]!;
    assert.equal(pause.kind === "pause" && pause.until, resetAt);
    assert.equal(pause.kind === "pause" && pause.reason, "throttled");
    await clock.advance(resetAt - clock.now() - 1);
    assert.equal(entries.filter((e) => e.permit).length, 3, "still paused 1 ms before the reset");
    await clock.advance(1);
    assert.equal(entries.filter((e) => e.permit).length, 6, "all three slots refill at the reset");
    const waits = events.filter((e) => e.kind === "wait");
    assert.ok(waits.length === 3 && waits.every((e) => e.reason === "paused"));
  });

  it("sends requests that already waited before fresh ones", async () => {
    const { clock, governor } = setup(1);
    const first = request(governor, "/projects/1");
    await settle();
    const fresh = [request(governor, "/projects/2"), request(governor, "/projects/3")];
    first.permit!.release(throttled(clock.now(), 10, 2, 11));
    const retry = request(governor, "/projects/1", true);
    await clock.advance(2000);
    assert.ok(retry.permit, "the retry goes first");
    assert.ok(fresh.every((e) => e.permit === undefined));
    retry.permit!.release(ok);
    await settle();
    assert.ok(fresh[0]!.permit && !fresh[1]!.permit, "then the fresh ones, in arrival order");
  });

  it("holds no concurrency slot for a request it keeps waiting", async () => {
    const { clock, governor, events } = setup(1, {
      endpointLimits: [
        {
          name: "export",
          method: "GET",
          path: "/projects/:id/export",
          limit: 1,
          periodSeconds: 60,
        },
      ],
    });
    const exportOne = request(governor, "/projects/1/export");
    await settle();
    exportOne.permit!.release(ok);
    const exportTwo = request(governor, "/projects/2/export");
    const other = request(governor, "/projects/3");
    await settle();
    assert.equal(exportTwo.permit, undefined, "the second export waits for its limit");
    assert.ok(other.permit, "and does not keep the one slot from another request");
    other.permit!.release(ok);
    await clock.advance(60_000);
    assert.ok(exportTwo.permit, "the export goes once a minute has passed");
    assert.deepEqual(
      events
        .filter((e) => e.kind === "wait")
        .map((e) => [e.kind === "wait" && e.reason, e.kind === "wait" && e.waitedMs]),
      [["endpoint-limit", 60_000]],
    );
  });

  it("pauses at RateLimit-Remaining: 0 on a success, before any 429", async () => {
    const { clock, governor, events } = setup(undefined);
    const first = request(governor, "/projects/1");
    await settle();
    const nowSeconds = Math.floor(clock.now() / 1000);
    first.permit!.release({
      status: 200,
      headers: headers({
        Date: new Date(nowSeconds * 1000).toUTCString(),
        "RateLimit-Limit": "300",
        "RateLimit-Observed": "10",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": String(nowSeconds + 2),
      }),
    });
    const next = request(governor, "/projects/2");
    await clock.advance((nowSeconds + 2) * 1000 - clock.now() - 1);
    assert.equal(next.permit, undefined);
    await clock.advance(1);
    assert.ok(next.permit);
    assert.equal(events[0]?.kind === "pause" && events[0].reason, "exhausted");
    assert.deepEqual(governor.limit, { perWindow: 10, periodMs: 2000, perMinute: 300 });
  });

  it("rejects a waiting acquire when its signal aborts, and never sends it", async () => {
    const { clock, governor } = setup(1);
    const first = request(governor, "/projects/1");
    const controller = new AbortController();
    const second = request(governor, "/projects/2", false, controller.signal);
    await settle();
    controller.abort(new Error("stop"));
    await settle();
    assert.equal((second.error as Error).message, "stop");
    first.permit!.release(ok);
    await clock.advance(10);
    assert.equal(second.permit, undefined);
    const third = request(governor, "/projects/3");
    await settle();
    assert.ok(third.permit, "the slot went to the next request");
  });

  it("pauses only the endpoint when a 429 carries Retry-After alone (an endpoint limit)", async () => {
    const { clock, governor, events } = setup(undefined);
    const exportOne = request(governor, "/projects/1/export");
    await settle();
    exportOne.permit!.release({ status: 429, headers: headers({ "Retry-After": "60" }) });
    const again = request(governor, "/projects/1/export", true);
    const other = request(governor, "/projects/2");
    await settle();
    assert.ok(other.permit && !again.permit);
    await clock.advance(60_000);
    assert.ok(again.permit);
    assert.equal(events[0]?.kind === "pause" && events[0].reason, "endpoint");
  });

  it("keeps the gitlab.com table's limit of 6 project exports a minute", async () => {
    const { clock, governor } = setup(undefined, { endpointLimits: GITLAB_COM_ENDPOINT_LIMITS });
    const exports = Array.from({ length: 7 }, (_, i) => {
      const entry = { permit: undefined as Permit | undefined };
      void governor
        .acquire({ method: "POST", url: `${API}/projects/${i}/export`, waited: false })
        .then((permit) => (entry.permit = permit));
      return entry;
    });
    await settle();
    assert.equal(exports.filter((e) => e.permit).length, 6);
    await clock.advance(60_000);
    assert.equal(exports.filter((e) => e.permit).length, 7);
  });

  it("says what it waited for through the logger: a warning at the first pause, debug after", async () => {
    const { clock, governor, logger } = setup(1);
    const first = request(governor, "/projects/1");
    await settle();
    first.permit!.release(throttled(clock.now(), 10, 2, 11));
    await clock.advance(2000);
    assert.match(
      logger.lines[0]!,
      /^warn GitLab's rate limit throttle_authenticated_api was reached .*every request of this client waits/,
    );
  });

  it("after learning the limit at a 429, sends the window's quota when each window opens and no more", async () => {
    const { clock, governor } = setup(2);
    const server = gitlabModel(clock, { limit: 5, windowMs: 2000 });
    const sends: number[] = [];
    const counting = (url: string) => {
      sends.push(clock.now());
      return server(url);
    };
    const result = await runJob(clock, governor, counting, 30, 5);
    assert.deepEqual(governor.limit, { perWindow: 5, periodMs: 2000, perMinute: 150 });
    assert.ok(
      result.refused <= 2,
      `only the requests in flight at the first 429: ${result.refused}`,
    );
    const perWindow = new Map<number, number>();
    for (const at of sends)
      perWindow.set(Math.floor(at / 2000), (perWindow.get(Math.floor(at / 2000)) ?? 0) + 1);
    const [, ...paced] = [...perWindow.values()];
    assert.ok(
      paced.slice(0, -1).every((n) => n === 5) && paced.at(-1)! <= 5,
      `after the first window, 5 per window: ${paced.join(", ")}`,
    );
  });

  for (const mode of ["throttled", "all"] as const) {
    const bar = mode === "all" ? 0.02 : 0.025;
    it(`1,000 GETs, 20 at a time, 100 per 2 s window, RateLimit-* ${mode === "all" ? "on every response" : "on 429s only"}: near the minimum, ≤ ${bar * 100}% refused, none twice`, async () => {
      const { clock, governor } = setup(20);
      const server = gitlabModel(clock, { limit: 100, windowMs: 2000, headers: mode });
      const result = await runJob(clock, governor, server, 1000, 5);
      const minimum = theoreticalMinimum(START, 1000, 100, 2000);
      assert.ok(result.refused <= 1000 * bar, `${result.refused} refused`);
      assert.equal(
        result.maxRefusalsOfOne <= 1,
        true,
        `one request refused ${result.maxRefusalsOfOne} times`,
      );
      assert.ok(
        result.wallMs <= minimum * 1.08,
        `${result.wallMs} ms against a minimum of ${minimum} ms`,
      );
    });
  }
});
