import { GitlabOptionError } from "./errors.js";
import {
  optionalBoolean,
  optionalInteger,
  resolveMaxRetries,
  type ResolvedOptions,
} from "./resolve-options.js";

/** Per-request settings shared by every way of calling GitLab; each overrides the client's option of the same name. */
export interface RequestOptions {
  /** Extra request headers (e.g. `Sudo`). Auth headers cannot be overridden here. */
  headers?: Record<string, string>;
  /** Per-attempt timeout in milliseconds. */
  timeout?: number;
  obeyRateLimit?: boolean;
  retryTransientErrors?: boolean;
  maxRetries?: number;
  /** Retry a POST or PATCH even when the request may have reached the server. Default false. */
  retryNonIdempotent?: boolean;
  /** Overrides the client's `retryDeadline` (ms from the start of this call). */
  retryDeadline?: number;
  /** Cancels the request at any point: queued for a slot, in flight, or waiting between retries. */
  signal?: AbortSignal;
}

/** The keys of `RequestOptions`: the typed path calls take them at the top level of their init. */
export const REQUEST_OPTION_KEYS: ReadonlySet<string> = new Set<keyof RequestOptions>([
  "headers",
  "timeout",
  "obeyRateLimit",
  "retryTransientErrors",
  "maxRetries",
  "retryNonIdempotent",
  "retryDeadline",
  "signal",
]);

/** Everything one call runs on, resolved once when the call starts: client defaults under its own options. */
export interface CallPolicy {
  readonly timeout: number | undefined;
  readonly obeyRateLimit: boolean;
  readonly retryTransientErrors: boolean;
  readonly retryNonIdempotent: boolean;
  readonly maxRetries: number;
  readonly maxRetryWait: number;
  /** The retry deadline: its length, and the clock time it ends at. */
  readonly retryDeadline: { readonly ms: number; readonly at: number } | undefined;
  readonly signal: AbortSignal | undefined;
}

/** A misspelt option would otherwise be ignored without a word: refuse it, naming it. */
export function checkRequestOptions(options: object): void {
  for (const key of Object.keys(options)) {
    if (!REQUEST_OPTION_KEYS.has(key)) throw new GitlabOptionError(key, "unknown option");
  }
}

/** `now` starts the retry deadline, so time spent queued and on redirects counts against it. */
export function resolveCallPolicy(
  client: ResolvedOptions,
  options: RequestOptions = {},
  now: number,
): CallPolicy {
  checkRequestOptions(options);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new GitlabOptionError("signal", "expected an AbortSignal");
  }
  const deadlineMs =
    optionalInteger("retryDeadline", options.retryDeadline, 1) ?? client.retryDeadline;
  return Object.freeze({
    timeout: optionalInteger("timeout", options.timeout, 1) ?? client.timeout,
    obeyRateLimit: optionalBoolean("obeyRateLimit", options.obeyRateLimit) ?? client.obeyRateLimit,
    retryTransientErrors:
      optionalBoolean("retryTransientErrors", options.retryTransientErrors) ??
      client.retryTransientErrors,
    retryNonIdempotent: optionalBoolean("retryNonIdempotent", options.retryNonIdempotent) ?? false,
    maxRetries: resolveMaxRetries("maxRetries", options.maxRetries) ?? client.maxRetries,
    maxRetryWait: client.maxRetryWait,
    retryDeadline: deadlineMs === undefined ? undefined : { ms: deadlineMs, at: now + deadlineMs },
    signal: options.signal,
  });
}
