import type { SecureContextOptions } from "node:tls";
import type { Clock } from "./clock.js";
import type { TokenOption } from "./credentials.js";
import type { EndpointLimit } from "./endpoint-limits.js";
import type { RateLimitEvent } from "./rate-limit-event.js";

/** Where the client's diagnostics go. Messages never contain a token. */
export interface GitlabLogger {
  debug(message: string): void;
  warn(message: string): void;
}

/** Options of `new Gitlab(options)`. Every option is validated; a bad one throws `GitlabOptionError` naming it. */
export interface GitlabOptions {
  /** Base URL of the GitLab instance. Default `https://gitlab.com`; a trailing slash is tolerated. */
  url?: string;
  /**
   * Personal, project or group access token, sent as `PRIVATE-TOKEN`. Each token option also takes a
   * function returning the token (or a promise of it), called when a token is first needed and once
   * more after a 401, so a rotated token takes over.
   */
  privateToken?: TokenOption;
  /** OAuth 2 access token, sent as `Authorization: Bearer …`; or a function returning it. */
  oauthToken?: TokenOption;
  /** CI job token (`CI_JOB_TOKEN`), sent as `JOB-TOKEN`; or a function returning it. */
  jobToken?: TokenOption;
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
  /**
   * TLS towards GitLab (directly or inside a proxy's tunnel): `ca` for a private CA (it replaces
   * Node's bundled CAs); `cert` and `key` (PEM) for a client certificate, `passphrase` when the key
   * is encrypted; `rejectUnauthorized: false` disables verification (warned). A key that does not
   * decrypt or match the certificate throws at construction.
   */
  tls?: Pick<SecureContextOptions, "ca" | "cert" | "key" | "passphrase"> & {
    rejectUnauthorized?: boolean;
  };
  /**
   * Proxy for every request, e.g. `http://proxy.corp:3128` or `http://user:password@proxy.corp:3128`
   * (HTTPS goes through a CONNECT tunnel; credentials are redacted everywhere); `false` for none.
   * Default: `https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY` and `no_proxy`/`NO_PROXY` from
   * the environment, read when the client is created.
   */
  proxy?: string | false;
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
  /**
   * The time retries and rate-limit waits run on. Default: the system clock. A test can pass one
   * whose `sleep` returns at once and whose `now` moves on by the time slept, to run a bulk job's
   * waits without waiting.
   */
  clock?: Clock;
  /**
   * `"warn"`: check each success body of a generated call against its operation's response schema
   * and warn (through `logger`) once per distinct mismatch, with the `openapi/fixes.yaml` entry that
   * would correct the type. Never fails or changes a call; the validator and schemas load only when
   * on. Default `false`. See "Reporting a wrong type" in docs/configuration.md.
   */
  checkResponses?: "warn" | false;
}

/** Options as the environment and configuration files give them: there, tokens are strings. */
export type ConfiguredOptions = Omit<GitlabOptions, "privateToken" | "oauthToken" | "jobToken"> & {
  privateToken?: string;
  oauthToken?: string;
  jobToken?: string;
};
