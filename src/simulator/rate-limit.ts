// GitLab's request limiters, as its source has them:
// - the user/IP throttle is Rack::Attack (lib/gitlab/rack_attack.rb,
//   lib/gitlab/rack_attack/request_throttle_data.rb, gitlabhq 41946e65): a fixed window aligned to
//   the clock (the window of second `now` is floor(now / period)), every request counted — refused
//   ones too — and the headers computed from whole seconds: Retry-After = period − now % period,
//   RateLimit-Reset = now + Retry-After, RateLimit-Limit = ceil(limit · 60 / period);
// - per-endpoint limits are Gitlab::ApplicationRateLimiter (IncrementPerAction): a Redis counter
//   that expires `period` after the first request it counts, answered with a JSON 429 and
//   Retry-After = the period (lib/api/helpers/rate_limiter.rb), without RateLimit-* headers.
import type { IncomingHttpHeaders } from "node:http";
import { json } from "./http/response.js";
import type { SimResponse } from "./http/response.js";
import type { EndpointRateLimit, RateLimitOption, RateLimitRefusal } from "./types.js";

export interface Admission {
  /** The 429 to send instead of handling the request. */
  rejected?: SimResponse;
  /** RateLimit-* headers for a response that was let through (`headers: "all"`). */
  headers?: Record<string, string>;
  /** Call once the response is finished (frees an in-flight slot). */
  release: () => void;
}

export interface AdmissionRequest {
  method: string;
  /** The request target as received. */
  url: string;
  /** `url` up to `?`, not decoded. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The client's address, which unauthenticated requests are counted by. */
  ip: string;
}

const noop = () => undefined;
const CREDENTIALS = ["private-token", "authorization", "job-token"] as const;

/** Who a request is counted against: its credential (GitLab: its user), else its address. */
function discriminator(request: AdmissionRequest): { key: string; authenticated: boolean } {
  for (const name of CREDENTIALS) {
    const value = request.headers[name];
    if (typeof value === "string" && value !== "")
      return { key: `${name}:${value}`, authenticated: true };
  }
  const query = new URLSearchParams(request.url.split("?")[1] ?? "");
  for (const name of ["private_token", "access_token", "job_token"]) {
    const value = query.get(name);
    if (value) return { key: `${name}:${value}`, authenticated: true };
  }
  return { key: `ip:${request.ip}`, authenticated: false };
}

/** The throttle's view of one request, in the whole seconds GitLab's headers use. */
interface ThrottleData {
  name: string;
  limit: number;
  /** RateLimit-Limit: the quota normalised to 60 s, rounded up. */
  perMinute: number;
  observed: number;
  retryAfter: number;
  resetSeconds: number;
}

/** RequestThrottleData#common_response_headers. */
function commonHeaders(data: ThrottleData): Record<string, string> {
  return {
    "RateLimit-Name": data.name,
    "RateLimit-Limit": String(data.perMinute),
    "RateLimit-Observed": String(data.observed),
    "RateLimit-Remaining": String(data.limit > data.observed ? data.limit - data.observed : 0),
    "RateLimit-Reset": String(data.resetSeconds),
  };
}

/** GitLab's throttled answer: text/plain "Retry later" with Retry-After and RateLimit-*. */
function throttled(data: ThrottleData): SimResponse {
  return {
    status: 429,
    headers: {
      "Content-Type": "text/plain",
      ...commonHeaders(data),
      "Retry-After": String(data.retryAfter),
      "RateLimit-ResetTime": new Date(data.resetSeconds * 1000).toUTCString(),
    },
    body: "Retry later\n",
  };
}

/**
 * Window arithmetic. For whole-second windows it is GitLab's exactly (now in whole seconds,
 * Retry-After = period − now % period); other windows, a simulator extension, are counted in ms
 * and their headers rounded up to whole seconds.
 */
function windowOf(
  now: number,
  windowMs: number,
): { index: number; retryAfter: number; resetSeconds: number } {
  const nowSeconds = Math.floor(now / 1000);
  if (windowMs % 1000 === 0) {
    const period = windowMs / 1000;
    const retryAfter = period - (nowSeconds % period);
    return {
      index: Math.floor(nowSeconds / period),
      retryAfter,
      resetSeconds: nowSeconds + retryAfter,
    };
  }
  const index = Math.floor(now / windowMs);
  const retryAfter = Math.max(1, Math.ceil(((index + 1) * windowMs - now) / 1000));
  return { index, retryAfter, resetSeconds: nowSeconds + retryAfter };
}

/** Gitlab::ApplicationRateLimiter's answer through the API's too_many_requests!. */
function endpointThrottled(periodSeconds: number): SimResponse {
  return json(
    429,
    { message: { error: "This endpoint has been requested too many times. Try again later." } },
    { "Retry-After": String(periodSeconds) },
  );
}

function matches(limit: EndpointRateLimit, method: string, path: string): boolean {
  if (limit.method !== undefined && limit.method.toUpperCase() !== method) return false;
  if (typeof limit.path === "string") return path.startsWith(limit.path);
  limit.path.lastIndex = 0;
  return limit.path.test(path);
}

/** Checked once, so that a bad option fails at start-up rather than on the first request. */
function checkOption(option: RateLimitOption): void {
  const positive = (name: string, value: unknown, whole: boolean) => {
    if (typeof value !== "number" || !(value > 0) || (whole && !Number.isInteger(value))) {
      throw new TypeError(`rateLimit.${name} must be a positive ${whole ? "integer" : "number"}`);
    }
  };
  if ("maxInFlight" in option) {
    positive("maxInFlight", option.maxInFlight, true);
    return;
  }
  positive("limit", option.limit, true);
  positive("windowMs", option.windowMs, true);
  if (option.headers !== undefined && option.headers !== "throttled" && option.headers !== "all") {
    throw new TypeError(`rateLimit.headers must be "throttled" or "all"`);
  }
  for (const [index, endpoint] of (option.endpoints ?? []).entries()) {
    positive(`endpoints[${index}].limit`, endpoint.limit, true);
    positive(`endpoints[${index}].periodSeconds`, endpoint.periodSeconds, true);
  }
}

/** A GitLab-style request limit, or a cap on requests in flight at once. */
export class RateLimiter {
  /** Per discriminator: the window index and its count. */
  private readonly windows = new Map<string, { index: number; count: number }>();
  /** Per endpoint limit and discriminator: the count and when its key expires. */
  private readonly endpointCounts = new Map<string, { count: number; expiresAt: number }>();
  private inFlight = 0;
  private readonly now: () => number;

  constructor(private readonly option: RateLimitOption | undefined) {
    if (option) checkOption(option);
    this.now = (option && "now" in option && option.now) || Date.now;
  }

  admit(request: AdmissionRequest): Admission {
    const option = this.option;
    if (!option) return { release: noop };
    if ("maxInFlight" in option) return this.admitInFlight(option.maxInFlight);
    const now = this.now();
    const who = discriminator(request);
    const data = this.count(who, option.limit, option.windowMs, now);
    if (data.observed > data.limit) {
      const rejected = throttled(data);
      this.refused(option.onRefused, request, data.name, rejected);
      return { rejected, release: noop };
    }
    const endpoint = this.admitEndpoint(option.endpoints ?? [], request, who.key, now);
    if (endpoint) {
      this.refused(option.onRefused, request, endpoint.name, endpoint.rejected);
      return { rejected: endpoint.rejected, release: noop };
    }
    return {
      ...(option.headers === "all" && { headers: commonHeaders(data) }),
      release: noop,
    };
  }

  private count(
    who: { key: string; authenticated: boolean },
    limit: number,
    windowMs: number,
    now: number,
  ): ThrottleData {
    const { index, retryAfter, resetSeconds } = windowOf(now, windowMs);
    const window = this.windows.get(who.key);
    const current = window?.index === index ? window : { index, count: 0 };
    current.count++;
    this.windows.set(who.key, current);
    return {
      name: who.authenticated ? "throttle_authenticated_api" : "throttle_unauthenticated_api",
      limit,
      perMinute: Math.ceil((limit * 60_000) / windowMs),
      observed: current.count,
      retryAfter,
      resetSeconds,
    };
  }

  private admitEndpoint(
    endpoints: readonly EndpointRateLimit[],
    request: AdmissionRequest,
    who: string,
    now: number,
  ): { name: string; rejected: SimResponse } | undefined {
    for (const [index, limit] of endpoints.entries()) {
      if (!matches(limit, request.method, request.path)) continue;
      const key = `${index}:${who}`;
      const counter = this.endpointCounts.get(key);
      const live = counter && counter.expiresAt > now ? counter : undefined;
      const current = live ?? { count: 0, expiresAt: now + limit.periodSeconds * 1000 };
      current.count++;
      this.endpointCounts.set(key, current);
      if (current.count > limit.limit) {
        return {
          name: limit.name ?? `endpoint ${index}`,
          rejected: endpointThrottled(limit.periodSeconds),
        };
      }
    }
    return undefined;
  }

  private admitInFlight(maxInFlight: number): Admission {
    if (this.inFlight >= maxInFlight) {
      // A concurrency cap is a proxy's or a load balancer's, not GitLab's windowed throttle: it
      // says when to come back, and nothing of windows (RateLimit-* would teach a client a rate).
      return {
        rejected: {
          status: 429,
          headers: { "Content-Type": "text/plain", "Retry-After": "1" },
          body: "Retry later\n",
        },
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

  private refused(
    onRefused: ((refusal: RateLimitRefusal) => void) | undefined,
    request: AdmissionRequest,
    throttle: string,
    response: SimResponse,
  ): void {
    onRefused?.({ method: request.method, url: request.url, throttle, status: response.status });
  }

  reset(): void {
    this.windows.clear();
    this.endpointCounts.clear();
  }
}
