// `validateResponses`: every JSON success body a route answers is validated against the response
// schema of the GitLab operation it serves (found by method and path template in
// generated/manifest.json), and each mismatch recorded in `sim.shapeMismatches`. The simulator is what
// users test against; checked this way, it keeps to GitLab's shapes as the corrected schemas describe
// them. Checked where the route answers, before faults are applied: a fault's broken body is the point.

import { createRequire } from "node:module";
import type { SimResponse } from "./http/response.js";
import type { Handler, Route } from "./router.js";
import type { ShapeMismatch } from "./types.js";

interface ManifestOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
}

const API_PREFIX = "/api/v4";

/** `GET /projects/{}/issues`: a route and an operation path compared without parameter names. */
function routeKey(method: string, segments: readonly string[]): string {
  return `${method} /${segments.map((s) => (s.startsWith(":") || s.startsWith("{") ? "{}" : s)).join("/")}`;
}

function operationsByRoute(): Map<string, string> {
  const manifest = createRequire(import.meta.url)("typed-gitlab/manifest.json") as {
    operations: ManifestOperation[];
  };
  const byRoute = new Map<string, string>();
  for (const op of manifest.operations) {
    if (!op.path.startsWith(`${API_PREFIX}/`)) continue;
    const segments = op.path.slice(API_PREFIX.length + 1).split("/");
    byRoute.set(routeKey(op.method, segments), op.operationId);
  }
  return byRoute;
}

function jsonBody(response: SimResponse): unknown {
  const type = response.headers["Content-Type"] ?? "";
  if (!/^application\/json\b/.test(type) || typeof response.body !== "string") return undefined;
  return response.body === "" ? undefined : (JSON.parse(response.body) as unknown);
}

/** Wraps route handlers so each JSON success response is validated and mismatches are recorded. */
export async function shapeChecking(
  record: (mismatch: ShapeMismatch) => void,
): Promise<(route: Readonly<Route>) => Handler> {
  const { loadValidator } = await import("../response-check/index.js");
  const validator = await loadValidator();
  const byRoute = operationsByRoute();
  return (route) => {
    const operationId = byRoute.get(routeKey(route.method, route.segments));
    return async (ctx) => {
      const response = await route.handler(ctx);
      if (ctx.method === "HEAD" || response.status < 200 || response.status > 299) return response;
      const body = jsonBody(response);
      if (body === undefined) return response;
      const request = `${ctx.method} ${ctx.rawPath}`;
      const base = { request, operationId: operationId ?? "", status: response.status };
      if (operationId === undefined) {
        record({
          ...base,
          kind: "operation",
          path: "$",
          expected: "a GitLab operation",
          received: "none",
        });
      } else if (validator.statuses(operationId).length === 0) {
        // GitLab's description gives no JSON schema for this operation: nothing to hold it to.
      } else if (!validator.statuses(operationId).includes(String(response.status))) {
        record({
          ...base,
          kind: "status",
          path: "$",
          expected: validator.statuses(operationId).join(" or "),
          received: String(response.status),
        });
      } else {
        for (const m of validator.validate(operationId, response.status, body)) {
          record({
            ...base,
            kind: m.kind,
            path: m.path,
            expected: m.expected,
            received: m.received,
          });
        }
      }
      return response;
    };
  };
}
