import { GitlabConfigError, type GitlabConfigErrorDetails } from "./errors.js";

/** Keys whose values are credentials: never quoted in an error, never logged. */
export const TOKEN_KEYS = ["private_token", "oauth_token", "job_token"] as const;
export type TokenKey = (typeof TOKEN_KEYS)[number];

// Broader than TOKEN_KEYS so a credential under a key we do not use (http_password, …) or an
// environment variable (GITLAB_TOKEN) is never printed either.
export function isSecretKey(key: string): boolean {
  return /token|password|secret|passwd|credential/i.test(key);
}

/** Where a value came from, for error messages: "file:line: [section] key" or "ENV_VAR". */
export interface ValueOrigin extends GitlabConfigErrorDetails {
  key: string;
}

export function describeOrigin(origin: ValueOrigin): string {
  const { file, line, section, key } = origin;
  const place = file === undefined ? "" : line === undefined ? `${file}: ` : `${file}:${line}: `;
  return `${place}${section === undefined ? "" : `[${section}] `}${key}`;
}

export function configError(origin: ValueOrigin, problem: string): GitlabConfigError {
  return new GitlabConfigError(`${describeOrigin(origin)}: ${problem}`, origin);
}

/** `"value"` for ordinary keys, nothing for secret ones. */
function quoted(origin: ValueOrigin, value: string): string {
  return isSecretKey(origin.key) ? "" : ` ${JSON.stringify(value)}`;
}

// configparser's BOOLEAN_STATES, compared case-insensitively.
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ["1", true],
  ["yes", true],
  ["true", true],
  ["on", true],
  ["0", false],
  ["no", false],
  ["false", false],
  ["off", false],
]);

/** A boolean as `ConfigParser.getboolean` reads it, or undefined if the text is not one. */
export function tryParseBoolean(value: string): boolean | undefined {
  return BOOLEANS.get(value.trim().toLowerCase());
}

export function parseBoolean(origin: ValueOrigin, value: string): boolean {
  const parsed = tryParseBoolean(value);
  if (parsed === undefined) {
    throw configError(
      origin,
      `expected a boolean (true/false, yes/no, on/off, 1/0), got${quoted(origin, value)}`,
    );
  }
  return parsed;
}

/** An integer as Python's `int()` reads it (sign, `_` between digits), within [min, max]. */
export function parseInteger(origin: ValueOrigin, value: string, min: number, max: number): number {
  const text = value.trim();
  const parsed = /^[+-]?\d+(_\d+)*$/.test(text) ? Number(text.replaceAll("_", "")) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) {
    throw configError(origin, `expected an integer, got${quoted(origin, value)}`);
  }
  if (parsed < min || parsed > max) {
    throw configError(origin, `expected an integer from ${min} to ${max}, got ${parsed}`);
  }
  return parsed;
}

/** `GitlabOptions.tls` for python-gitlab's `ssl_verify`. */
export type TlsOption = { rejectUnauthorized: false } | { ca: string } | undefined;

/**
 * python-gitlab's `ssl_verify`: a boolean, or else the path of a CA bundle (handed to requests,
 * which resolves it against the working directory and does not expand `~`). The bundle is read
 * here so the client gets PEM text; `true` yields no TLS option at all (verification is the default).
 */
export function parseSslVerify(
  origin: ValueOrigin,
  value: string,
  readFile: (path: string) => string,
): TlsOption {
  const flag = tryParseBoolean(value);
  if (flag === true) return undefined;
  if (flag === false) return { rejectUnauthorized: false };
  const path = value.trim();
  if (path === "")
    throw configError(origin, "expected a boolean or the path of a CA bundle, got nothing");
  try {
    return { ca: readFile(path) };
  } catch (error) {
    const code = error instanceof Error && "code" in error ? ` (${String(error.code)})` : "";
    throw configError(origin, `cannot read the CA bundle ${JSON.stringify(path)}${code}`);
  }
}
