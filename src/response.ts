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
  /** Scrubs secrets from text quoted in errors (the client's redactor). */
  redact: (text: string) => string;
}

/** What every response carries, whatever holds its body. */
abstract class ResponseBase<Body> {
  readonly method: string;
  /** The URL that answered, after any redirects. */
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly body: Body;
  protected readonly redact: (text: string) => string;

  constructor(init: ResponseInit<Body>) {
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.body = init.body;
    this.redact = init.redact;
  }

  get isJson(): boolean {
    return isJsonContentType(this.headers.get("content-type"));
  }
}

/** A response held in memory: what `httpRequest` returns, and `httpGet` for non-JSON or `raw` responses. */
export class GitlabResponse extends ResponseBase<Buffer> {
  text(): string {
    return this.body.toString("utf8");
  }

  /** The body parsed as JSON; `GitlabParsingError` when it is not JSON. */
  json<T = unknown>(): T {
    return parseJson(this.method, this.url, this.body, this.redact) as T;
  }
}

/** A response whose body is a stream, for downloads that must not be buffered whole. */
export class GitlabStreamResponse extends ResponseBase<Readable> {}

export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

/**
 * `redact` scrubs the quoted start of the body, before it is cut so that a token straddling the cut
 * cannot leave a fragment. The parser's own message quotes the body too, from a window of its
 * choosing and in a form that varies between Node versions, so the cause keeps none of it.
 */
export function parseJson(
  method: string,
  url: string,
  body: Buffer,
  redact: (text: string) => string = (text) => text,
): unknown {
  if (body.length === 0) {
    throw new GitlabParsingError(method, url, "the response declares JSON but its body is empty");
  }
  const text = body.toString("utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    const start = JSON.stringify(redact(text.slice(0, 4096)).slice(0, 60));
    const position = /at position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    const cause = new SyntaxError(
      position === undefined ? "not valid JSON" : `not valid JSON at position ${position}`,
    );
    throw new GitlabParsingError(
      method,
      url,
      `the response declares JSON but its body is not valid JSON (${body.length} bytes, starting ${start})`,
      { cause },
    );
  }
}
