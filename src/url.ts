import { GitlabOptionError } from "./errors.js";

export type QueryValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | readonly QueryValue[]
  | { readonly [key: string]: QueryValue };
export type QueryParams = { readonly [key: string]: QueryValue };

/**
 * The URL for an escape-hatch path: relative to the API base, or absolute on the configured origin.
 * The path is used exactly as given (no encoding), as python-gitlab does.
 */
export function resolvePath(apiBase: string, origin: string, path: string): string {
  if (typeof path !== "string" || path.length === 0) {
    throw new GitlabOptionError("path", "expected a non-empty string");
  }
  if (/\p{Cc}/u.test(path)) throw new GitlabOptionError("path", "contains a control character");
  if (/^https?:\/\//i.test(path)) {
    if (new URL(path).origin !== origin) {
      throw new GitlabOptionError(
        "path",
        `${new URL(path).origin} is not the configured GitLab origin ${origin}; credentials are only sent there`,
      );
    }
    return path;
  }
  return `${apiBase}${path.startsWith("/") ? "" : "/"}${path}`;
}

/**
 * Serialize query parameters the way Grape (behind Rack) reads them: arrays as `key[]=a&key[]=b`
 * (Rack keeps only the last of repeated plain keys), hashes as `key[sub]=v`; null and undefined are
 * left out, as python-gitlab does with None.
 */
export function serializeQuery(params: QueryParams): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) appendParam(parts, encodeKey(key), value);
  return parts.join("&");
}

function appendParam(parts: string[], key: string, value: QueryValue): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value as readonly QueryValue[]) appendParam(parts, `${key}[]`, item);
  } else if (value instanceof Date) {
    parts.push(`${key}=${encodeURIComponent(value.toISOString())}`);
  } else if (typeof value === "object") {
    for (const [sub, item] of Object.entries(value))
      appendParam(parts, `${key}[${encodeKey(sub)}]`, item);
  } else {
    parts.push(`${key}=${encodeURIComponent(String(value))}`);
  }
}

// Brackets stay readable in keys; Rack decodes either form.
function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%5B/g, "[").replace(/%5D/g, "]");
}

export function withQuery(url: string, query: string): string {
  if (query === "") return url;
  return `${url}${url.includes("?") ? "&" : "?"}${query}`;
}
