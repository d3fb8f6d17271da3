import type { Params } from "./http/params.js";
import type { SimResponse } from "./http/response.js";
import type { User } from "./state/model.js";
import type { SimState } from "./state/state.js";

export interface RouteContext {
  /** As received: HEAD reaches GET handlers with method "HEAD". */
  method: string;
  /** Path parameters, each decoded from its own raw segment. */
  params: Record<string, string>;
  /** Query string merged with the body, as Grape sees parameters. */
  input: Params;
  query: URLSearchParams;
  rawPath: string;
  user: User | undefined;
  state: SimState;
  /** The instance's own URL, used in `web_url` fields (GitLab's external_url). */
  externalUrl: string;
  /** `http://` + the request's Host, used in pagination links as GitLab does. */
  requestOrigin: string;
}

export type Handler = (ctx: RouteContext) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: string;
  segments: string[];
  handler: Handler;
  /** A signed-in user is needed even to read. */
  auth: boolean;
}

export type Resolution =
  | { kind: "match"; route: Route; params: Record<string, string> }
  | { kind: "methodNotAllowed"; allow: string }
  | { kind: "options"; allow: string }
  | { kind: "notFound" };

export const API_PREFIX = "/api/v4";

/**
 * Matches the raw, undecoded path segment by segment. A parameter is decoded only after the split,
 * so `group%2Fproject` is one segment while a literal `group/project` never matches `:id`, as in GitLab.
 * Routes are tried in registration order: register literal segments before parameters.
 */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler, options: { auth?: boolean } = {}): void {
    this.routes.push({
      method,
      segments: pattern.split("/").filter((segment) => segment !== ""),
      handler,
      auth: options.auth ?? false,
    });
  }

  /** Puts `wrap(route)` in place of each route's handler; `route.handler` is the original. */
  wrapHandlers(wrap: (route: Readonly<Route>) => Handler): void {
    for (const route of this.routes) route.handler = wrap({ ...route });
  }

  resolve(method: string, rawPath: string): Resolution {
    if (!rawPath.startsWith(`${API_PREFIX}/`)) return { kind: "notFound" };
    const segments = rawPath.slice(API_PREFIX.length + 1).split("/");
    const lookup = method === "HEAD" ? "GET" : method;
    const methods = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === lookup && method !== "OPTIONS") return { kind: "match", route, params };
      methods.add(route.method);
    }
    if (methods.size === 0) return { kind: "notFound" };
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    const allow = [...methods].join(", ");
    return method === "OPTIONS" ? { kind: "options", allow } : { kind: "methodNotAllowed", allow };
  }
}

function matchSegments(
  pattern: readonly string[],
  raw: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== raw.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, expected] of pattern.entries()) {
    const actual = raw[index] as string;
    if (expected.startsWith(":")) {
      if (actual === "") return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
