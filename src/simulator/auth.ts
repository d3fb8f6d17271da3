import type { IncomingHttpHeaders } from "node:http";
import { HttpError, json, messageError } from "./http/response.js";
import type { Token, User } from "./state/model.js";
import type { SimState } from "./state/state.js";
import type { TokenKind } from "./types.js";

interface Credential {
  value: string;
  /** Token kinds this way of sending a token accepts (GitLab takes a personal token as Bearer too). */
  accepts: readonly TokenKind[];
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The token a request presents, in the order GitLab looks for one. */
function credentialOf(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): Credential | undefined {
  const privateToken = header(headers, "private-token") ?? query.get("private_token");
  if (privateToken) return { value: privateToken, accepts: ["private"] };
  const bearer = /^Bearer\s+(.+)$/i.exec(header(headers, "authorization") ?? "")?.[1];
  if (bearer) return { value: bearer.trim(), accepts: ["oauth", "private"] };
  const accessToken = query.get("access_token");
  if (accessToken) return { value: accessToken, accepts: ["oauth", "private"] };
  const jobToken = header(headers, "job-token") ?? query.get("job_token");
  if (jobToken) return { value: jobToken, accepts: ["job"] };
  return undefined;
}

const unauthorized = () => messageError(401, "401 Unauthorized");

/**
 * The user a request acts as: undefined for an anonymous request, the token's owner, or the
 * `Sudo` target of an administrator. An unknown or misplaced token is a 401 on every route.
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  state: SimState,
): User | undefined {
  const credential = credentialOf(headers, query);
  if (!credential) return undefined;
  const token: Token | undefined = state.tokens.get(credential.value);
  if (!token || !credential.accepts.includes(token.kind)) throw unauthorized();
  if (token.revoked) {
    throw new HttpError(
      json(401, {
        error: "invalid_token",
        error_description: "Token was revoked. You have to re-authorize from the user.",
      }),
    );
  }
  const owner = state.users.get(token.userId);
  if (!owner || owner.state === "blocked") throw unauthorized();
  const sudo = header(headers, "sudo") ?? query.get("sudo");
  if (!sudo) return owner;
  if (!owner.admin || token.kind === "job") {
    throw messageError(403, "403 Forbidden - Must be admin to use sudo");
  }
  const target = /^\d+$/.test(sudo) ? state.users.get(Number(sudo)) : state.userByName(sudo);
  if (!target) throw messageError(404, `404 User with ID or username '${sudo}' Not Found`);
  return target;
}
