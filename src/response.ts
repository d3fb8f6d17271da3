import type { Readable } from "node:stream";
import { GitlabParsingError } from "./errors.js";
import type { ResponseHeaders } from "./headers.js";

interface ResponseInit<Body> {
  method: string;
  url: string;
  status: number;
  statusText: string;
  headers: ResponseHeaders;
  body: Body;
}

/** A response held in memory: what `httpRequest` returns, and `httpGet` for non-JSON or `raw` responses. */
export class GitlabResponse {
  readonly method: string;
  /** The URL that answered, after any redirects. */
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly body: Buffer;

  constructor(init: ResponseInit<Buffer>) {
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.body = init.body;
  }

  text(): string {
    return this.body.toString("utf8");
  }

  /** The body parsed as JSON; `GitlabParsingError` when it is not JSON. */
  json<T = unknown>(): T {
    return parseJson(this.method, this.url, this.body) as T;
  }

  get isJson(): boolean {
    return isJsonContentType(this.headers.get("content-type"));
  }
}

/** A response whose body is a stream, for downloads that must not be buffered whole. */
export class GitlabStreamResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly body: Readable;

  constructor(init: ResponseInit<Readable>) {
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.body = init.body;
  }
}

export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

export function parseJson(method: string, url: string, body: Buffer): unknown {
  if (body.length === 0) {
    throw new GitlabParsingError(method, url, "the response declares JSON but its body is empty");
  }
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new GitlabParsingError(
      method,
      url,
      `the response declares JSON but its body is not valid JSON (${body.length} bytes, starting ${JSON.stringify(body.subarray(0, 60).toString("utf8"))})`,
      { cause: error },
    );
  }
}
