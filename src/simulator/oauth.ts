import type { IncomingHttpHeaders } from "node:http";
import { json, type SimResponse } from "./http/response.js";
import type { SimState } from "./state/state.js";

const TOKEN_LIFETIME_S = 7200;

/**
 * `GET /oauth/token/info`: Doorkeeper's introspection of an OAuth access token. It lives outside
 * /api/v4 and GitLab's OpenAPI description does not list it, so it is what the escape hatch (an
 * absolute URL on the configured origin) is for.
 */
export function oauthTokenInfo(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  state: SimState,
): SimResponse {
  const authorization = headers.authorization;
  const bearer = /^Bearer\s+(.+)$/i.exec(typeof authorization === "string" ? authorization : "");
  const value = bearer?.[1]?.trim() ?? query.get("access_token");
  const token = value ? state.tokens.get(value) : undefined;
  if (!token || token.kind !== "oauth" || token.revoked) {
    return json(401, { error: "invalid_token", error_description: "The access token is invalid" });
  }
  return json(200, {
    resource_owner_id: token.userId,
    scope: ["api"],
    expires_in: TOKEN_LIFETIME_S,
    expires_in_seconds: TOKEN_LIFETIME_S,
    application: { uid: "typed-gitlab-simulator" },
    created_at: 1_767_225_600,
  });
}
