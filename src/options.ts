import type { SecureContextOptions } from "node:tls";

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
  /** Diagnostics sink. Default: warnings to `process.emitWarning`, debug off. */
  logger?: GitlabLogger;
  /**
   * `"warn"`: check each success body of a generated call against its operation's response schema
   * and warn (through `logger`) once per distinct mismatch, with the `openapi/fixes.yaml` entry that
   * would correct the type. Never fails or changes a call; the validator and schemas load only when
   * on. Default `false`. See "Reporting a wrong type" in docs/configuration.md.
   */
  checkResponses?: "warn" | false;
}
