import type { SecureContextOptions } from "node:tls";
import type { EndpointLimit } from "./endpoint-limits.js";
import type { RateLimitEvent } from "./rate-limit-governor.js";

/** Where the client's diagnostics go. Messages never contain a token. */
export interface GitlabLogger {
  debug(message: string): void;
  warn(message: string): void;
}

/** Options of `new Gitlab(options)`. Every option is validated; a bad one throws `GitlabOptionError` naming it. */
export interface GitlabOptions {
  /** Base URL of the GitLab instance. Default `https://gitlab.com`; a trailing slash is tolerated. */
  url?: string;
  /** REST API version; only `"4"` exists. */
  apiVersion?: "4";
  /** Personal, project or group access token, sent as `PRIVATE-TOKEN`. */
  privateToken?: string;
  /** OAuth 2 access token, sent as `Authorization: Bearer …`. */
  oauthToken?: string;
  /** CI job token (`CI_JOB_TOKEN`), sent as `JOB-TOKEN`. */
  jobToken?: string;
  /** Per-attempt timeout in milliseconds (connect to last byte of the headers). Default: none. */
  timeout?: number;
  /** Retry 5xx (500, 502–504, 520–530), 409 "Resource lock", connection resets and timeouts. Default false. */
  retryTransientErrors?: boolean;
  /** Wait out 429 responses and retry. Default true. */
  obeyRateLimit?: boolean;
  /** Retries after the first attempt. Default 10; -1 retries forever. */
  maxRetries?: number;
  /** Longest single wait between two attempts, in milliseconds. Default 60 000. */
  maxRetryWait?: number;
  /**
   * Overall bound on retrying, in milliseconds from the start of a call (each page of a listing is
   * a call): no retry starts whose wait would end past it; the last error is thrown instead, saying
   * so. Default: none (`maxRetries` and `maxRetryWait` still bound the total).
   */
  retryDeadline?: number;
  /** Default `per_page` for list calls (1–100). */
  perPage?: number;
  /** Rewrite pagination links that point at another base URL to the configured one. Default false. */
  keepBaseUrl?: boolean;
  /** `User-Agent` header. Default `typed-gitlab/<version>`. */
  userAgent?: string;
  /** TLS for self-managed instances: `ca` for a private CA; `rejectUnauthorized: false` disables verification (warned). */
  tls?: Pick<SecureContextOptions, "ca" | "cert" | "key"> & { rejectUnauthorized?: boolean };
  /** Most requests in flight at once from this client; further calls queue. Default: unlimited. */
  maxConcurrency?: number;
  /**
   * Client-side limits for the endpoints GitLab limits on their own (project and group
   * import/export, repository archives, note creation, the Projects, Groups and Users APIs…):
   * `"gitlab.com"` for GitLab's documented limits as GitLab.com applies them, or your own table
   * (a self-managed admin sets other values). A request over its limit waits in the client instead
   * of meeting a 429. Default: none. See docs/reliability.md.
   */
  endpointLimits?: "gitlab.com" | readonly EndpointLimit[];
  /**
   * Called whenever the rate-limit governor pauses the client (a 429, `RateLimit-Remaining: 0`) or
   * holds a request (pause, pacing, endpoint limit), saying what, how long and why. It must not
   * throw (a throw is logged and ignored). See docs/reliability.md.
   */
  onRateLimit?: (event: RateLimitEvent) => void;
  /** Diagnostics sink. Default: warnings to `process.emitWarning`, debug off. */
  logger?: GitlabLogger;
}
