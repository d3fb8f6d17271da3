import type { LearntLimit } from "./rate-limit-policy.js";

/**
 * What the governor did about rate limits, for `onRateLimit`:
 * - `pause`: a response stopped every request of the client until `until` — a 429 from GitLab's
 *   throttle (`throttled`) or a success saying `RateLimit-Remaining: 0` (`exhausted`) — or, for a
 *   429 that is not the throttle's (an endpoint limit, a proxy), the requests to that endpoint
 *   (`endpoint`, with `endpoint` naming the limit or the path).
 * - `wait`: one request was held `waitedMs` before going out: by a pause (`paused`), to keep the
 *   learnt quota of the window (`pacing`), by its endpoint's 429 (`endpoint-paused`), or by a
 *   client-side endpoint limit (`endpoint-limit`).
 */
export type RateLimitEvent =
  | {
      kind: "pause";
      reason: "throttled" | "exhausted" | "endpoint";
      method: string;
      url: string;
      status: number;
      /** Epoch ms, our clock. */
      until: number;
      waitMs: number;
      /** `RateLimit-Name`, e.g. `throttle_authenticated_api`, when GitLab sent it. */
      throttle?: string;
      /** For `endpoint` pauses: the endpoint limit's name, or `METHOD /path`. */
      endpoint?: string;
      /** What the governor has learnt of the throttle so far, if anything. */
      limit?: LearntLimit;
    }
  | {
      kind: "wait";
      reason: "paused" | "pacing" | "endpoint-paused" | "endpoint-limit";
      method: string;
      url: string;
      waitedMs: number;
      /** For `endpoint-limit`: the limit's name. */
      endpoint?: string;
    };
