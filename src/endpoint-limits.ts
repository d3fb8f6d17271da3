// Client-side limits for endpoints GitLab throttles on their own (Gitlab::ApplicationRateLimiter),
// apart from the per-user request throttle: matching a request to its limit, and counting.

/** One endpoint limit, as in GitLab's admin settings. */
export interface EndpointLimit {
  /** Shown in events and logs; entries sharing a name share one count (e.g. GET and POST changelog). */
  name: string;
  /** HTTP method, upper case. */
  method: string;
  /**
   * Path under `/api/v4`, segment by segment: `:param` matches any one segment, a trailing `*`
   * matches a segment's prefix (`archive*` matches `archive.zip`). E.g. `/projects/:id/export`.
   */
  path: string;
  /** Requests allowed per period. */
  limit: number;
  periodSeconds: number;
  /**
   * `"user"` (default): one count for all the requests the entry matches. `"path"`: a count for
   * each value of the path's parameters, e.g. per project.
   */
  per?: "user" | "path";
  /** Where the figure comes from (documentation only). */
  source?: string;
}

interface CompiledLimit {
  readonly limit: EndpointLimit;
  readonly method: string;
  readonly segments: readonly string[];
}

/** Which count a request belongs to: its limit, and the key of its count. */
export interface EndpointMatch {
  readonly limit: EndpointLimit;
  readonly key: string;
}

const API_PREFIX = "/api/v4/";

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment !== "");
}

export class EndpointLimits {
  readonly #compiled: readonly CompiledLimit[];
  /** Send times within the last period, per count key: a sliding log. */
  readonly #sent = new Map<string, number[]>();

  constructor(limits: readonly EndpointLimit[]) {
    this.#compiled = limits.map((limit) => ({
      limit,
      method: limit.method.toUpperCase(),
      segments: splitPath(limit.path),
    }));
  }

  /** The limit a request falls under, if any; the first matching entry wins. */
  match(method: string, url: string): EndpointMatch | undefined {
    if (this.#compiled.length === 0) return undefined;
    const path = apiPath(url);
    if (path === undefined) return undefined;
    const raw = splitPath(path);
    const upper = method.toUpperCase();
    for (const entry of this.#compiled) {
      if (entry.method !== upper) continue;
      const params = matchSegments(entry.segments, raw);
      if (params === undefined) continue;
      const scope = entry.limit.per === "path" ? `:${params.join("/")}` : "";
      return { limit: entry.limit, key: `${entry.limit.name}${scope}` };
    }
    return undefined;
  }

  /**
   * When a request of this count may go. A sliding log is stricter than GitLab's counter, whose
   * period starts at the first request (a Redis key expiring after the period), so it never
   * sends more than GitLab allows.
   */
  readyAt(match: EndpointMatch, now: number): number {
    const periodMs = match.limit.periodSeconds * 1000;
    const sent = this.#prune(match.key, now, periodMs);
    if (sent.length < match.limit.limit) return now;
    return sent[sent.length - match.limit.limit]! + periodMs;
  }

  recordSend(match: EndpointMatch, now: number): void {
    const periodMs = match.limit.periodSeconds * 1000;
    const sent = this.#prune(match.key, now, periodMs);
    sent.push(now);
    this.#sent.set(match.key, sent);
  }

  #prune(key: string, now: number, periodMs: number): number[] {
    const sent = this.#sent.get(key) ?? [];
    let drop = 0;
    while (drop < sent.length && sent[drop]! <= now - periodMs) drop++;
    if (drop > 0) sent.splice(0, drop);
    if (sent.length === 0) this.#sent.delete(key);
    return sent;
  }
}

/** The raw (undecoded) path after `/api/v4`, or undefined for URLs outside the API. */
function apiPath(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const at = pathname.indexOf(API_PREFIX);
  return at < 0 ? undefined : pathname.slice(at + API_PREFIX.length - 1);
}

function matchSegments(pattern: readonly string[], raw: readonly string[]): string[] | undefined {
  if (pattern.length !== raw.length) return undefined;
  const params: string[] = [];
  for (const [index, expected] of pattern.entries()) {
    const actual = raw[index]!;
    if (expected.startsWith(":")) {
      params.push(actual);
    } else if (expected.endsWith("*")) {
      if (!actual.startsWith(expected.slice(0, -1))) return undefined;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
