import {
  GitlabAbortError,
  GitlabAuthenticationError,
  GitlabConnectionError,
  GitlabError,
  GitlabHttpError,
  GitlabProxyError,
  GitlabRateLimitError,
  GitlabTimeoutError,
  type HttpErrorDetails,
} from "./errors.js";
import { tlsHint } from "./agents.js";
import type { ResponseHeaders } from "./headers.js";
import type { WireFailure } from "./http-adapter.js";
import { rateLimitWait } from "./retry-decision.js";

type Redact = (text: string) => string;

export interface FailedResponse {
  readonly method: string;
  /** The URL as shown: already redacted. */
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly bodyText: string;
  /** A 429's wait the call refused because it exceeded maxRetryWait. */
  readonly refusedWait?: number | undefined;
  readonly maxRetryWait: number;
  readonly now: number;
}

/** A non-success status as the typed error for it; every quoted string goes through `redact`. */
export function httpError(response: FailedResponse, redact: Redact): GitlabHttpError {
  const { status, headers, bodyText, refusedWait } = response;
  const details: HttpErrorDetails = {
    method: response.method,
    url: response.url,
    responseCode: status,
    errorMessage: redact(errorMessage(bodyText, headers.get("content-type"), response.statusText)),
    responseBody: redact(bodyText),
  };
  if (status === 401) return new GitlabAuthenticationError(details);
  if (status === 429) {
    if (refusedWait !== undefined) {
      details.errorMessage += ` (GitLab asked to wait ${Math.ceil(refusedWait / 1000)} s, more than maxRetryWait ${response.maxRetryWait} ms)`;
    }
    return new GitlabRateLimitError(details, refusedWait ?? rateLimitWait(headers, response.now));
  }
  return new GitlabHttpError(details);
}

export interface FailedAttempt {
  readonly method: string;
  readonly url: string;
  readonly failure: WireFailure;
  readonly aborted: boolean;
  readonly timedOut: boolean;
  readonly timeout: number | undefined;
}

/** No (whole) response: the caller aborted, the attempt timed out, or the connection failed. */
export function failureError(attempt: FailedAttempt, redact: Redact): GitlabError {
  const { method, url, failure } = attempt;
  if (attempt.aborted) return new GitlabAbortError(method, url);
  if (failure.proxy !== undefined) {
    const { proxy, code, responseCode, reason } = failure.proxy;
    return new GitlabProxyError({ method, url, proxy, code, responseCode, reason: redact(reason) });
  }
  if (attempt.timedOut || failure.code === "ETIMEDOUT" || failure.code === "ECONNABORTED") {
    return new GitlabTimeoutError(method, url, attempt.timeout ?? 0);
  }
  return connectionError(method, url, failure.code, failure.message, failure.bodyBroken, redact);
}

/** A broken connection, with a cause that keeps the socket code and a redacted message, nothing else. */
export function connectionError(
  method: string,
  url: string,
  code: string | undefined,
  message: string,
  bodyBroken: boolean,
  redact: Redact,
): GitlabConnectionError {
  const cause = Object.assign(new Error(redact(message)), { code });
  const text = bodyBroken
    ? `the connection broke before the whole response arrived (${message})`
    : message + tlsHint(code ?? "");
  return new GitlabConnectionError(method, url, code ?? "ECONNECTION", redact(text), { cause });
}

/** GitLab's `message` (string, list or field errors) or `error`; a proxy's HTML page by its title. */
export function errorMessage(
  body: string,
  contentType: string | undefined,
  statusText: string,
): string {
  if (/json/i.test(contentType ?? "") || /^\s*[{[]/.test(body)) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        const { message, error, error_description } = parsed as Record<string, unknown>;
        const main = message ?? error;
        if (main !== undefined) {
          const text = typeof main === "string" ? main : JSON.stringify(main);
          return typeof error_description === "string" ? `${text}: ${error_description}` : text;
        }
      }
    } catch {
      // Not JSON after all: fall through to the raw text.
    }
  }
  if (/html/i.test(contentType ?? "") || /^\s*<(!doctype|html)/i.test(body)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    return `an HTML page instead of GitLab's JSON${title ? ` ("${title}")` : ""} — a proxy or load balancer answered`;
  }
  const text = body.trim();
  if (text === "") return statusText || "no message";
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
