import { GitlabOptionError } from "./errors.js";
import type { GitlabLogger, GitlabOptions } from "./options.js";
import { VERSION } from "./version.js";

export type AuthHeader = { name: "PRIVATE-TOKEN" | "Authorization" | "JOB-TOKEN"; value: string };

/** Options after validation and defaults: what the transport runs on. */
export interface ResolvedOptions {
  /** Instance origin and prefix, e.g. `https://gitlab.example.com/gitlab` (no trailing slash). */
  url: string;
  /** `${url}/api/v4` */
  apiBase: string;
  origin: string;
  auth: AuthHeader | undefined;
  timeout: number | undefined;
  retryTransientErrors: boolean;
  obeyRateLimit: boolean;
  maxRetries: number;
  maxRetryWait: number;
  /** Milliseconds from the start of a call after which no retry may end its wait; undefined: none. */
  retryDeadline: number | undefined;
  perPage: number | undefined;
  keepBaseUrl: boolean;
  userAgent: string;
  tls: GitlabOptions["tls"];
  maxConcurrency: number | undefined;
  logger: GitlabLogger;
  checkResponses: "warn" | false;
}

const KNOWN = new Set<string>([
  "url",
  "apiVersion",
  "privateToken",
  "oauthToken",
  "jobToken",
  "timeout",
  "retryTransientErrors",
  "obeyRateLimit",
  "maxRetries",
  "maxRetryWait",
  "retryDeadline",
  "perPage",
  "keepBaseUrl",
  "userAgent",
  "tls",
  "maxConcurrency",
  "logger",
  "checkResponses",
]);

const defaultLogger: GitlabLogger = {
  debug: () => {},
  warn: (message) => process.emitWarning(message, "GitlabWarning"),
};

export function resolveOptions(options: GitlabOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new GitlabOptionError("options", "expected an object");
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new GitlabOptionError(key, "unknown option");
  }
  const url = parseUrl(options.url ?? "https://gitlab.com");
  if (options.apiVersion !== undefined && options.apiVersion !== "4") {
    throw new GitlabOptionError("apiVersion", `only "4" is supported`);
  }
  const logger = options.logger ?? defaultLogger;
  if (typeof logger.debug !== "function" || typeof logger.warn !== "function") {
    throw new GitlabOptionError("logger", "expected an object with debug() and warn()");
  }
  const tls = options.tls;
  if (tls !== undefined && (typeof tls !== "object" || tls === null)) {
    throw new GitlabOptionError("tls", "expected an object");
  }
  if (tls?.rejectUnauthorized === false) {
    logger.warn(
      `TLS certificate verification is disabled for ${url.origin}: anyone on the network path can read your token`,
    );
  }
  return {
    url: url.href,
    apiBase: `${url.href}/api/v4`,
    origin: url.origin,
    auth: resolveAuth(options),
    timeout: optionalInteger("timeout", options.timeout, 1),
    retryTransientErrors:
      optionalBoolean("retryTransientErrors", options.retryTransientErrors) ?? false,
    obeyRateLimit: optionalBoolean("obeyRateLimit", options.obeyRateLimit) ?? true,
    maxRetries: resolveMaxRetries("maxRetries", options.maxRetries) ?? 10,
    maxRetryWait: optionalInteger("maxRetryWait", options.maxRetryWait, 0) ?? 60_000,
    retryDeadline: optionalInteger("retryDeadline", options.retryDeadline, 1),
    perPage: optionalInteger("perPage", options.perPage, 1, 100),
    keepBaseUrl: optionalBoolean("keepBaseUrl", options.keepBaseUrl) ?? false,
    userAgent: optionalString("userAgent", options.userAgent) ?? `typed-gitlab/${VERSION}`,
    tls,
    maxConcurrency: optionalInteger("maxConcurrency", options.maxConcurrency, 1),
    logger,
    checkResponses: resolveCheckResponses(options.checkResponses),
  };
}

function resolveCheckResponses(value: unknown): "warn" | false {
  if (value === undefined || value === false || value === "warn") return value ?? false;
  throw new GitlabOptionError("checkResponses", `expected "warn" or false, got ${describe(value)}`);
}

function parseUrl(value: unknown): { href: string; origin: string } {
  if (typeof value !== "string") throw new GitlabOptionError("url", "expected a string");
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new GitlabOptionError("url", `not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new GitlabOptionError("url", `expected http or https, got ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password) {
    throw new GitlabOptionError(
      "url",
      "credentials in the URL are not supported; use a token option",
    );
  }
  if (parsed.search || parsed.hash) {
    throw new GitlabOptionError("url", "expected no query string or fragment");
  }
  const path = parsed.pathname.replace(/\/+$/, "");
  return { href: `${parsed.origin}${path}`, origin: parsed.origin };
}

function resolveAuth(options: GitlabOptions): AuthHeader | undefined {
  const given = (["privateToken", "oauthToken", "jobToken"] as const).filter(
    (key) => options[key] !== undefined,
  );
  if (given.length > 1) {
    throw new GitlabOptionError(
      given.join(", "),
      "give at most one of privateToken, oauthToken, jobToken",
    );
  }
  const key = given[0];
  if (key === undefined) return undefined;
  const token = options[key];
  if (typeof token !== "string" || token.length === 0) {
    throw new GitlabOptionError(key, "expected a non-empty string");
  }
  // Checked here, once, because later the token is only ever a header value: Node refuses
  // characters above U+00FF and control characters there (after the request has been built), servers
  // strip surrounding whitespace, and no GitLab token contains anything but visible ASCII. The
  // message names the offending character's code point, never the token.
  const bad = /[^\x21-\x7e]/u.exec(token)?.[0];
  if (bad !== undefined) {
    const code = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    throw new GitlabOptionError(
      key,
      `contains ${code} at position ${token.indexOf(bad) + 1}; a token is visible ASCII only (no spaces, control or non-ASCII characters)`,
    );
  }
  if (key === "privateToken") return { name: "PRIVATE-TOKEN", value: token };
  if (key === "oauthToken") return { name: "Authorization", value: `Bearer ${token}` };
  return { name: "JOB-TOKEN", value: token };
}

export function optionalBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean")
    throw new GitlabOptionError(name, `expected a boolean, got ${describe(value)}`);
  return value;
}

export function optionalInteger(
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new GitlabOptionError(name, `expected an integer ${range}, got ${describe(value)}`);
  }
  return value;
}

/** `maxRetries`: a count, or -1 for "forever" (python-gitlab's convention). */
export function resolveMaxRetries(name: string, value: unknown): number | undefined {
  if (value === -1) return Number.POSITIVE_INFINITY;
  return optionalInteger(name, value, 0);
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0 || /[\r\n\0]/.test(value)) {
    throw new GitlabOptionError(
      name,
      `expected a non-empty single-line string, got ${describe(value)}`,
    );
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null)
    return String(value);
  return typeof value;
}
