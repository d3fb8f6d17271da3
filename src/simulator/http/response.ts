import type { Readable } from "node:stream";

/** A body produced on demand, so multi-megabyte downloads never sit in memory. */
export interface StreamBody {
  stream: () => Readable;
  /** Sent as Content-Length when known; otherwise the body is chunked. */
  length?: number;
}

/** What a route answers, before faults and delivery. Header names use GitLab's casing. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer | StreamBody;
}

/** Thrown from anywhere in a route to answer with `response`. */
export class HttpError extends Error {
  constructor(readonly response: SimResponse) {
    super(`HTTP ${response.status}`);
  }
}

export function jsonText(
  status: number,
  text: string,
  headers: Record<string, string> = {},
): SimResponse {
  return { status, headers: { "Content-Type": "application/json", ...headers }, body: text };
}

export function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): SimResponse {
  return jsonText(status, JSON.stringify(value), headers);
}

/** GitLab's `{"message": …}` error body; the message may be a string or field errors. */
export function messageError(
  status: number,
  message: string | Record<string, string[]>,
): HttpError {
  return new HttpError(json(status, { message }));
}

/** GitLab's `{"error": …}` body, used for parameter errors (400) and unknown routes. */
export function paramError(status: number, error: string): HttpError {
  return new HttpError(json(status, { error }));
}

export const notFound = (what: string): HttpError => messageError(404, `404 ${what} Not Found`);

export function noContent(): SimResponse {
  return { status: 204, headers: {}, body: "" };
}
