import type { SimResponse } from "./http/response.js";
import type { RateLimitOption } from "./types.js";

export interface Admission {
  /** The 429 to send instead of handling the request. */
  rejected?: SimResponse;
  /** Call once the response is finished (frees an in-flight slot). */
  release: () => void;
}

/** GitLab's throttled answer (Rack::Attack): text/plain "Retry later" with Retry-After and RateLimit-*. */
function throttled(limit: number, observed: number, resetAtMs: number, now: number): SimResponse {
  const resetSeconds = Math.ceil(resetAtMs / 1000);
  return {
    status: 429,
    headers: {
      "Content-Type": "text/plain",
      "Retry-After": String(Math.max(1, Math.ceil((resetAtMs - now) / 1000))),
      "RateLimit-Name": "throttle_authenticated_api",
      "RateLimit-Limit": String(limit),
      "RateLimit-Observed": String(observed),
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": String(resetSeconds),
      "RateLimit-ResetTime": new Date(resetSeconds * 1000).toUTCString(),
    },
    body: "Retry later\n",
  };
}

const noop = () => undefined;

/** A fixed-window request limit, or a cap on requests in flight at once. */
export class RateLimiter {
  private windowStart = 0;
  private count = 0;
  private inFlight = 0;

  constructor(private readonly option: RateLimitOption | undefined) {}

  admit(now: number): Admission {
    const option = this.option;
    if (!option) return { release: noop };
    if ("maxInFlight" in option) {
      if (this.inFlight >= option.maxInFlight) {
        return {
          rejected: throttled(option.maxInFlight, this.inFlight + 1, now + 1000, now),
          release: noop,
        };
      }
      this.inFlight++;
      let released = false;
      return {
        release: () => {
          if (!released) this.inFlight--;
          released = true;
        },
      };
    }
    if (now - this.windowStart >= option.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count++;
    if (this.count <= option.limit) return { release: noop };
    return {
      rejected: throttled(option.limit, this.count, this.windowStart + option.windowMs, now),
      release: noop,
    };
  }

  reset(): void {
    this.windowStart = 0;
    this.count = 0;
  }
}
