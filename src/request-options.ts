import { GitlabOptionError } from "./errors.js";

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

const REQUEST_OPTION_KEYS = new Set<string>([
  "headers",
  "timeout",
  "obeyRateLimit",
  "retryTransientErrors",
  "maxRetries",
  "retryNonIdempotent",
  "retryDeadline",
  "signal",
]);

/** A misspelt option would otherwise be ignored without a word: refuse it, naming it. */
export function checkRequestOptions(options: object): void {
  for (const key of Object.keys(options)) {
    if (!REQUEST_OPTION_KEYS.has(key)) throw new GitlabOptionError(key, "unknown option");
  }
}
