import { GitlabParsingError } from "./errors.js";
import type { GitlabResponse } from "./response.js";

/** What a typed call expects of a success body: from the operation's spec, or `parseAs`. */
export type BodyKind = "json" | "text" | "binary";

/** Statuses that carry no body, whatever their headers say. */
const NO_BODY = new Set([204, 205, 304]);

function hasNoBody(response: GitlabResponse): boolean {
  return NO_BODY.has(response.status) || response.method === "HEAD";
}

/**
 * The one rule by which typed calls (generated endpoints, `gl.GET` & co.) turn a success into a
 * value, whatever the status: nothing for 204/205/304 and HEAD; JSON that is malformed or declared
 * but empty is a GitlabParsingError; a JSON operation answered with something else (a proxy's HTML
 * page) is one too, unless the body is JSON under the wrong label.
 */
export function decodeTyped(response: GitlabResponse, kind: BodyKind): unknown {
  if (hasNoBody(response)) return undefined;
  if (kind === "binary") return response.body;
  if (kind === "text") return response.text();
  if (response.isJson) return response.json();
  if (response.body.length === 0) return undefined;
  if (/^\s*[[{]/.test(response.text())) return response.json();
  const type = response.headers.get("content-type");
  const html = /html/i.test(type ?? "") || /^\s*<(!doctype|html)/i.test(response.text());
  throw new GitlabParsingError(
    response.method,
    response.url,
    html
      ? "expected JSON, got an HTML page — a proxy or load balancer answered"
      : `expected JSON, got ${type === undefined ? "a body with no content type" : type}`,
  );
}

/**
 * The escape hatch's rule, python-gitlab's: JSON (by content type) is parsed, under the same rule
 * as typed calls; anything else is handed back as the response itself.
 */
export function decodeLoose(response: GitlabResponse): unknown {
  if (hasNoBody(response) || !response.isJson) return response;
  return response.json();
}
