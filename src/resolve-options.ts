import { createSecureContext } from "node:tls";
import { systemClock, type Clock } from "./clock.js";
import type { TokenKind, TokenOption } from "./credentials.js";
import type { EndpointLimit } from "./endpoint-limits.js";
import { GitlabOptionError } from "./errors.js";
import { GITLAB_COM_ENDPOINT_LIMITS } from "./gitlab-endpoint-limits.js";
import type { GitlabLogger, GitlabOptions } from "./options.js";
import { resolveProxyRules, type ProxyRules } from "./proxy.js";
import { VERSION } from "./version.js";

/** Options after validation and defaults: what the transport runs on. */
export interface ResolvedOptions {
  /** Instance origin and prefix, e.g. `https://gitlab.example.com/gitlab` (no trailing slash). */
  url: string;
  /** `${url}/api/v4` */
  apiBase: string;
  origin: string;
  /** The one token option given, if any: a token or a provider of one. */
  auth: { kind: TokenKind; source: TokenOption } | undefined;
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
  proxy: ProxyRules;
  maxConcurrency: number | undefined;
  /** Empty: no client-side endpoint limits. */
  endpointLimits: readonly EndpointLimit[];
  onRateLimit: GitlabOptions["onRateLimit"];
  logger: GitlabLogger;
  clock: Clock;
  checkResponses: "warn" | false;
}

const KNOWN = new Set<string>([
  "url",
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
  "proxy",
  "maxConcurrency",
  "endpointLimits",
  "onRateLimit",
  "logger",
  "clock",
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
  const logger = options.logger ?? defaultLogger;
  if (typeof logger.debug !== "function" || typeof logger.warn !== "function") {
    throw new GitlabOptionError("logger", "expected an object with debug() and warn()");
  }
  const tls = options.tls;
  if (tls !== undefined) checkTls(tls);
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
    proxy: resolveProxyRules(options.proxy, process.env),
    maxConcurrency: optionalInteger("maxConcurrency", options.maxConcurrency, 1),
    endpointLimits: resolveEndpointLimits(options.endpointLimits),
    onRateLimit: optionalFunction("onRateLimit", options.onRateLimit),
    logger,
    clock: resolveClock(options.clock),
    checkResponses: resolveCheckResponses(options.checkResponses),
  };
}

function resolveCheckResponses(value: unknown): "warn" | false {
  if (value === undefined || value === false || value === "warn") return value ?? false;
  throw new GitlabOptionError("checkResponses", `expected "warn" or false, got ${describe(value)}`);
}

function resolveClock(clock: unknown): Clock {
  if (clock === undefined) return systemClock;
  const given = clock as Partial<Clock> | null;
  if (typeof given?.now !== "function" || typeof given.sleep !== "function") {
    throw new GitlabOptionError("clock", "expected an object with now() and sleep(ms, signal)");
  }
  return given as Clock;
}

/**
 * A client certificate is loaded here, once, so that a wrong passphrase or a key that does not
 * belong to the certificate is reported at construction, naming the option, not at the first
 * request as an opaque TLS failure.
 */
function checkTls(tls: unknown): void {
  if (typeof tls !== "object" || tls === null) {
    throw new GitlabOptionError("tls", "expected an object");
  }
  const { cert, key, passphrase } = tls as NonNullable<GitlabOptions["tls"]>;
  if (passphrase !== undefined && typeof passphrase !== "string") {
    throw new GitlabOptionError("tls.passphrase", "expected a string");
  }
  if ((cert === undefined) !== (key === undefined)) {
    const missing = cert === undefined ? "tls.cert" : "tls.key";
    throw new GitlabOptionError(missing, "a client certificate needs both tls.cert and tls.key");
  }
  if (cert === undefined) return;
  try {
    createSecureContext({ cert, key, passphrase });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_OSSL_BAD_DECRYPT") {
      throw new GitlabOptionError(
        "tls.passphrase",
        passphrase === undefined
          ? "tls.key is encrypted; give its passphrase"
          : "does not decrypt tls.key (wrong passphrase)",
      );
    }
    if (code === "ERR_OSSL_X509_KEY_VALUES_MISMATCH") {
      throw new GitlabOptionError("tls.key", "is not the private key of tls.cert");
    }
    throw new GitlabOptionError(
      /PEM|X509|certificate/i.test(String(code)) ? "tls.cert" : "tls.key",
      `cannot be loaded (${code ?? (error as Error).message}); expected PEM`,
    );
  }
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

function resolveAuth(options: GitlabOptions): ResolvedOptions["auth"] {
  const given = (["privateToken", "oauthToken", "jobToken"] as const).filter(
    (key) => options[key] !== undefined,
  );
  if (given.length > 1) {
    throw new GitlabOptionError(
      given.join(", "),
      "give at most one of privateToken, oauthToken, jobToken",
    );
  }
  const kind = given[0];
  if (kind === undefined) return undefined;
  const source = options[kind];
  if (typeof source !== "string" && typeof source !== "function") {
    throw new GitlabOptionError(kind, "expected a non-empty string or a function returning one");
  }
  return { kind, source };
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

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
const ENDPOINT_LIMIT_KEYS = new Set([
  "name",
  "method",
  "path",
  "limit",
  "periodSeconds",
  "per",
  "source",
]);

function resolveEndpointLimits(value: unknown): readonly EndpointLimit[] {
  if (value === undefined) return [];
  if (value === "gitlab.com") return GITLAB_COM_ENDPOINT_LIMITS;
  if (!Array.isArray(value)) {
    throw new GitlabOptionError(
      "endpointLimits",
      `expected "gitlab.com" or an array of limits, got ${describe(value)}`,
    );
  }
  return value.map((entry: unknown, index) => {
    const name = `endpointLimits[${index}]`;
    if (typeof entry !== "object" || entry === null) {
      throw new GitlabOptionError(name, `expected an object, got ${describe(entry)}`);
    }
    const limit = entry as Record<string, unknown>;
    for (const key of Object.keys(limit)) {
      if (!ENDPOINT_LIMIT_KEYS.has(key))
        throw new GitlabOptionError(`${name}.${key}`, "unknown key");
    }
    const method = limit["method"];
    if (typeof method !== "string" || !HTTP_METHODS.has(method.toUpperCase())) {
      throw new GitlabOptionError(
        `${name}.method`,
        `expected one of ${[...HTTP_METHODS].join(", ")}, got ${describe(method)}`,
      );
    }
    const path = limit["path"];
    if (typeof path !== "string" || !path.startsWith("/")) {
      throw new GitlabOptionError(
        `${name}.path`,
        `expected a path under /api/v4 such as "/projects/:id/export", got ${describe(path)}`,
      );
    }
    const per = limit["per"];
    if (per !== undefined && per !== "user" && per !== "path") {
      throw new GitlabOptionError(`${name}.per`, `expected "user" or "path", got ${describe(per)}`);
    }
    return {
      name: optionalString(`${name}.name`, limit["name"]) ?? `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      limit: requiredInteger(`${name}.limit`, limit["limit"], 1),
      periodSeconds: requiredInteger(`${name}.periodSeconds`, limit["periodSeconds"], 1),
      ...(per !== undefined && { per }),
      ...(typeof limit["source"] === "string" && { source: limit["source"] }),
    };
  });
}

function requiredInteger(name: string, value: unknown, min: number): number {
  const integer = optionalInteger(name, value, min);
  if (integer === undefined) throw new GitlabOptionError(name, `required: an integer >= ${min}`);
  return integer;
}

function optionalFunction<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new GitlabOptionError(name, `expected a function, got ${describe(value)}`);
  }
  return value;
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
