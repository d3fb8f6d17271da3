import { inspect } from "node:util";

/**
 * Every error the client throws. Errors hold only plain, already-redacted data — never the axios
 * request config, agents or headers — so `JSON.stringify`, `util.inspect` and stack traces cannot
 * leak a token.
 */
export class GitlabError extends Error {
  override name = "GitlabError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: safeCause(options.cause) });
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== "name") json[key] = value;
    }
    return json;
  }

  [inspect.custom](): string {
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${inspect(this.toJSON(), { depth: 3 })}`;
  }
}

/**
 * Add a note to an error's message (and to the first line of its stack, which repeats the
 * message), for what the transport learns after the error is built, e.g. why retrying stopped.
 */
export function appendNote(error: GitlabError, note: string): void {
  const before = `${error.name}: ${error.message}`;
  error.message = `${error.message} (${note})`;
  if (error.stack?.startsWith(before))
    error.stack = `${error.name}: ${error.message}${error.stack.slice(before.length)}`;
}

/** A causing error reduced to name, message and code, so nothing it references is retained. */
function safeCause(cause: unknown): unknown {
  if (cause instanceof GitlabError) return cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const plain = new Error(cause.message);
    plain.name = cause.name;
    if (typeof code === "string") Object.assign(plain, { code });
    plain.stack = `${cause.name}: ${cause.message}`;
    return plain;
  }
  return undefined;
}

/** An option or argument was invalid; `option` names it. */
export class GitlabOptionError extends GitlabError {
  override name = "GitlabOptionError";
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`Invalid option ${option}: ${message}`);
  }
}

export interface HttpErrorDetails {
  method: string;
  url: string;
  responseCode: number;
  errorMessage: string;
  responseBody: string;
}

/** GitLab answered with a non-success status. */
export class GitlabHttpError extends GitlabError {
  override name = "GitlabHttpError";
  readonly method: string;
  readonly url: string;
  readonly responseCode: number;
  /** The body's `message` or `error`, as GitLab wrote it. */
  readonly errorMessage: string;
  /** The raw body (truncated to 64 KiB). */
  readonly responseBody: string;

  constructor(details: HttpErrorDetails) {
    // GitLab's messages usually start with the status already ("404 Project Not Found").
    const status = details.errorMessage.startsWith(String(details.responseCode))
      ? ""
      : `${details.responseCode} `;
    super(`${details.method} ${details.url}: ${status}${details.errorMessage}`);
    this.method = details.method;
    this.url = details.url;
    this.responseCode = details.responseCode;
    this.errorMessage = details.errorMessage;
    this.responseBody = details.responseBody;
  }
}

/** 401: the token is missing, invalid, expired or revoked. */
export class GitlabAuthenticationError extends GitlabHttpError {
  override name = "GitlabAuthenticationError";
}

/** 429 that was not (or could no longer be) waited out. `retryAfterMs` is the wait GitLab asked for, when it said. */
export class GitlabRateLimitError extends GitlabHttpError {
  override name = "GitlabRateLimitError";
  constructor(
    details: HttpErrorDetails,
    readonly retryAfterMs: number | undefined,
  ) {
    super(details);
  }
}

/** A redirect the client will not follow: a 301/302/303 on a write, a loop, or too many hops. */
export class GitlabRedirectError extends GitlabError {
  override name = "GitlabRedirectError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly location: string,
    reason: string,
  ) {
    super(`${method} ${url} was redirected to ${location}: ${reason}`);
  }
}

/** The response could not be decoded: invalid JSON, an empty JSON body, or an unexpected shape. */
export class GitlabParsingError extends GitlabError {
  override name = "GitlabParsingError";
  constructor(
    readonly method: string,
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${url}: ${message}`, options);
  }
}

/** No complete response within `timeout` milliseconds. */
export class GitlabTimeoutError extends GitlabError {
  override name = "GitlabTimeoutError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeout: number,
  ) {
    super(`${method} ${url}: no complete response within ${timeout} ms`);
  }
}

/** The connection failed or broke: refused, reset, DNS, TLS, or a body cut short. */
export class GitlabConnectionError extends GitlabError {
  override name = "GitlabConnectionError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${url}: ${message} (${code})`, options);
  }
}

/** The caller's `AbortSignal` fired. */
export class GitlabAbortError extends GitlabError {
  override name = "GitlabAbortError";
  constructor(
    readonly method: string,
    readonly url: string,
  ) {
    super(`${method} ${url}: aborted by the caller`);
  }
}

/** Pagination cannot go on safely: a next link to another origin, a malformed header, a loop. */
export class GitlabPaginationError extends GitlabError {
  override name = "GitlabPaginationError";
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(`${url}: ${message}`);
  }
}

export interface ProxyErrorDetails {
  method: string;
  url: string;
  /** The proxy's URL without credentials. */
  proxy: string;
  /** `ECONNREFUSED` & co. when it could not be reached, `EPROXYREFUSED` when it said no. */
  code: string;
  /** The proxy's status when it answered (407, 403, 502…). */
  responseCode: number | undefined;
  reason: string;
}

/**
 * A proxy did not carry the request: it could not be reached, refused the tunnel, or asked for
 * credentials. GitLab was never reached. `proxy` never carries the proxy's credentials.
 */
export class GitlabProxyError extends GitlabError {
  override name = "GitlabProxyError";
  readonly method: string;
  readonly url: string;
  readonly proxy: string;
  readonly code: string;
  readonly responseCode: number | undefined;

  constructor(details: ProxyErrorDetails) {
    super(`${details.method} ${details.url}: the proxy ${details.proxy} ${details.reason}`);
    this.method = details.method;
    this.url = details.url;
    this.proxy = details.proxy;
    this.code = details.code;
    this.responseCode = details.responseCode;
  }
}

/** A token provider failed or handed out something that is not a token. Names the option, never the token. */
export class GitlabTokenError extends GitlabError {
  override name = "GitlabTokenError";
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}
