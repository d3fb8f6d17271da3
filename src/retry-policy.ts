import type { ResponseHeaders } from "./headers.js";

/** Statuses python-gitlab retries with `retry_transient_errors`; 409 only for "Resource lock". */
export function isTransientStatus(status: number, body: string): boolean {
  if (status === 409) return /resource lock/i.test(body);
  return (
    status === 500 ||
    status === 502 ||
    status === 503 ||
    status === 504 ||
    (status >= 520 && status <= 530)
  );
}

/** Socket errors where the request certainly never reached GitLab, so even a POST may be sent again. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

export function requestNeverSent(code: string | undefined): boolean {
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** Methods that are safe to send twice (RFC 9110 §9.2.2). */
export function isIdempotent(method: string): boolean {
  return ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].includes(method.toUpperCase());
}

/**
 * How long GitLab asked us to wait after a 429, in ms: `Retry-After` (seconds or an HTTP date), else
 * `RateLimit-Reset` (Unix seconds). Undefined when neither header is usable.
 */
export function rateLimitWait(headers: ResponseHeaders, now: number): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get("ratelimit-reset")?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}

/**
 * Exponential backoff from python-gitlab's 0.1 s · 2^n, with "equal jitter" (half fixed, half random)
 * so that many clients throttled together do not come back in lockstep.
 */
export function backoff(retryNumber: number, random: () => number = Math.random): number {
  const base = 100 * 2 ** Math.min(retryNumber - 1, 20);
  return base / 2 + random() * (base / 2);
}
