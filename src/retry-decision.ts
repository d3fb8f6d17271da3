import type { CallPolicy } from "./call-policy.js";
import type { ResponseHeaders } from "./headers.js";

/** What one attempt came back with, as far as the retry decision cares. */
export type AttemptOutcome =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly headers: ResponseHeaders;
      /** The start of an error body (409 says "Resource lock" there). */
      readonly bodyText: string;
    }
  | {
      readonly kind: "failure";
      /** The socket-level code (ECONNRESET, ECONNREFUSED…), when there is one. */
      readonly code: string | undefined;
      readonly timedOut: boolean;
      /** False for what another attempt cannot mend: an unknown host, a certificate. */
      readonly transient: boolean;
    };

export interface RetryInput {
  readonly method: string;
  readonly outcome: AttemptOutcome;
  /** Retries made so far in this call (0 after the first attempt). */
  readonly retries: number;
  /** False when the body was a stream: it cannot be sent twice. */
  readonly replayable: boolean;
  /** A token provider can be asked again after a 401, once per call. */
  readonly canRefreshToken: boolean;
  readonly policy: CallPolicy;
  readonly now: number;
  readonly random?: () => number;
}

export type RetryDecision =
  | {
      readonly retry: true;
      readonly delay: number;
      /** For the log line: "429", "ECONNRESET", "401 (token refreshed)". */
      readonly why: string;
      /** The delay is GitLab's (Retry-After, RateLimit-Reset): the client's governor waits it out. */
      readonly serverWait: boolean;
    }
  | {
      readonly retry: false;
      /** Why retrying stopped early, added to the error thrown. */
      readonly note?: string;
      /** A 429's wait that exceeded maxRetryWait. */
      readonly refusedWait?: number;
    };

const NO: RetryDecision = Object.freeze({ retry: false });

/**
 * Whether to send the request again, and after how long. Pure: the transport loop applies it.
 * A retry is never planned past the call's retry deadline, and never beyond maxRetries.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { outcome, policy } = input;
  if (policy.signal?.aborted) return NO;
  if (outcome.kind === "response" && outcome.status === 401) {
    // A rotated token is not a retry of the request: it does not count against maxRetries.
    return input.canRefreshToken
      ? { retry: true, delay: 0, why: "401 (token refreshed)", serverWait: false }
      : NO;
  }
  if (input.retries >= policy.maxRetries) return NO;
  const retryNumber = input.retries + 1;
  const backedOff = () => Math.min(backoff(retryNumber, input.random), policy.maxRetryWait);

  if (outcome.kind === "response" && outcome.status === 429) {
    if (!policy.obeyRateLimit) return NO;
    // The server's wait is authoritative when it gives one.
    const asked = rateLimitWait(outcome.headers, input.now);
    if (asked !== undefined && asked > policy.maxRetryWait)
      return { retry: false, refusedWait: asked };
    return withinDeadline(input, asked ?? backedOff(), "429", asked !== undefined);
  }
  if (!policy.retryTransientErrors || !input.replayable) return NO;
  const mayResend = isIdempotent(input.method) || policy.retryNonIdempotent;
  if (outcome.kind === "response") {
    if (!isTransientStatus(outcome.status, outcome.bodyText) || !mayResend) return NO;
    return withinDeadline(input, backedOff(), String(outcome.status));
  }
  if (!outcome.transient && !outcome.timedOut) return NO;
  if (!mayResend && !requestNeverSent(outcome.code)) return NO;
  return withinDeadline(
    input,
    backedOff(),
    outcome.timedOut ? "timeout" : (outcome.code ?? "connection error"),
  );
}

function withinDeadline(
  input: RetryInput,
  delay: number,
  why: string,
  serverWait = false,
): RetryDecision {
  const deadline = input.policy.retryDeadline;
  if (deadline !== undefined && input.now + delay > deadline.at) {
    return {
      retry: false,
      note: `not retried: waiting ${Math.ceil(delay)} ms more would pass the retryDeadline of ${deadline.ms} ms`,
    };
  }
  return { retry: true, delay, why, serverWait };
}

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
