// Reading Prism's verdict on one exchange. Prism (5.14, mock mode) reports request problems two ways:
// - the sl-violations header: a JSON array of { location: ["request", ...], severity, code, message },
//   set whenever validation found anything, whatever status Prism then answers (the spec's own 400,
//   or its generated 422 when the spec has none);
// - a problem document (application/problem+json, type https://stoplight.io/prism/errors#NAME) when it
//   cannot answer at all: no route (404/405), missing credentials (401), a content type it refuses (415).
// `--errors` only turns *response* violations into errors, so it adds nothing for requests; response
// violations are kept apart (they say the spec's examples are wrong, not the client).

import type { Exchange } from "./recorder.js";

export interface Violation {
  readonly location: string;
  readonly code: string;
  readonly message: string;
}

export interface Verdict {
  /** Errors in the request: any one of them fails the operation. */
  readonly request: Violation[];
  /** Warnings about the request (e.g. a deprecated parameter): reported, never failing. */
  readonly warnings: Violation[];
  /** Problems Prism found in its own mocked response, or could not mock one: the response side. */
  readonly response: Violation[];
}

const PRISM_ERROR = "https://stoplight.io/prism/errors#";
// Problem types that are about the request; the others (NOT_ACCEPTABLE aside) are about mocking a response.
const REQUEST_PROBLEMS = new Set([
  "UNPROCESSABLE_ENTITY",
  "UNAUTHORIZED",
  "INVALID_CONTENT_TYPE",
  "NO_PATH_MATCHED_ERROR",
  "NO_METHOD_MATCHED_ERROR",
  "NO_SERVER_MATCHED_ERROR",
  // The client's Accept header names no media type the operation produces.
  "NOT_ACCEPTABLE",
]);

interface RawViolation {
  location?: unknown;
  severity?: unknown;
  code?: unknown;
  message?: unknown;
}

function parseHeader(value: string): RawViolation[] | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as RawViolation[]) : undefined;
  } catch {
    return undefined;
  }
}

function asViolation(raw: RawViolation): Violation {
  const location = Array.isArray(raw.location) ? raw.location.map(String).join(".") : "?";
  return { location, code: String(raw.code ?? ""), message: String(raw.message ?? "") };
}

export function verdict(exchange: Exchange): Verdict {
  const result: Verdict = { request: [], warnings: [], response: [] };
  const header = exchange.responseHeaders["sl-violations"];
  const text = Array.isArray(header) ? header.join(",") : header;
  if (text !== undefined) {
    const list = parseHeader(text);
    if (list === undefined) {
      // Prism truncates a header over 8 KB ("Too many violations! …"): many violations, or an
      // unreadable header. Either way the request cannot be called valid.
      result.request.push({ location: "request", code: "unreadable", message: text.slice(0, 300) });
    } else {
      for (const raw of list) {
        const violation = asViolation(raw);
        if (violation.location === "response" || violation.location.startsWith("response."))
          result.response.push(violation);
        else if (raw.severity === "Error") result.request.push(violation);
        else result.warnings.push(violation);
      }
    }
  }
  const contentType = String(exchange.responseHeaders["content-type"] ?? "");
  if (contentType.startsWith("application/problem+json")) {
    let type = "";
    let detail = "";
    try {
      const problem = JSON.parse(exchange.responseBody) as { type?: unknown; detail?: unknown };
      type = String(problem.type ?? "");
      detail = String(problem.detail ?? "");
    } catch {
      type = "";
    }
    if (type.startsWith(PRISM_ERROR)) {
      const name = type.slice(PRISM_ERROR.length);
      const violation = { location: "prism", code: name, message: detail };
      // The 422 Prism generates repeats what the header already listed; count it only if the header was empty.
      if (REQUEST_PROBLEMS.has(name)) {
        if (result.request.length === 0) result.request.push(violation);
      } else result.response.push(violation);
    }
  }
  return result;
}

export function describeViolations(list: readonly Violation[]): string {
  return list.map((v) => `${v.location}: ${v.message || v.code}`).join("; ");
}
