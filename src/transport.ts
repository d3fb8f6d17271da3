import { PassThrough, Readable } from "node:stream";
import axios, { type AxiosError, type AxiosInstance, type AxiosResponse } from "axios";
import axiosRetry from "axios-retry";
import { ConnectionAgents, isProxyRefusal, proxyErrorOf, tlsHint } from "./agents.js";
import {
  appendNote,
  GitlabAbortError,
  GitlabAuthenticationError,
  GitlabConnectionError,
  GitlabError,
  GitlabHttpError,
  GitlabRateLimitError,
  GitlabRedirectError,
  GitlabTimeoutError,
  type HttpErrorDetails,
} from "./errors.js";
import { ResponseHeaders } from "./headers.js";
import { Redactor } from "./redact.js";
import { checkRequestOptions, type RequestOptions } from "./request-options.js";
import {
  resolveMaxRetries,
  optionalBoolean,
  optionalInteger,
  type ResolvedOptions,
} from "./resolve-options.js";
import { GitlabResponse, GitlabStreamResponse } from "./response.js";
import {
  backoff,
  isIdempotent,
  isTransientStatus,
  rateLimitWait,
  requestNeverSent,
} from "./retry-policy.js";
import { Semaphore } from "./semaphore.js";

/** A request ready for the wire: absolute URL, encoded body. */
export interface TransportRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Already encoded. A stream cannot be replayed, so a request carrying one is never retried. */
  body?: Buffer | string | FormData | URLSearchParams | Readable;
  options?: RequestOptions;
}

const MAX_REDIRECTS = 10;
const ERROR_BODY_LIMIT = 64 * 1024;
const CREDENTIAL_HEADERS = ["private-token", "authorization", "job-token", "cookie", "sudo"];

/** Per-request state that must survive axios-retry's attempts (a class, so axios does not clone it). */
class RequestContext {
  deadline: Deadline | undefined;
  plannedDelay = 0;
  refusedWait: number | undefined;
  /** Why retrying stopped before maxRetries, added to the error thrown. */
  retryNote: string | undefined;
  /** A streamed body took over the last attempt's deadline (and its link to the caller's signal). */
  handedOver = false;

  constructor(
    readonly method: string,
    readonly displayUrl: string,
    readonly timeout: number | undefined,
    readonly obeyRateLimit: boolean,
    readonly retryTransientErrors: boolean,
    readonly retryNonIdempotent: boolean,
    readonly maxRetryWait: number,
    readonly retryDeadline: { ms: number; at: number } | undefined,
    readonly replayable: boolean,
    readonly signal: AbortSignal | undefined,
  ) {}
}

/** One attempt's time limit, linked to the caller's signal. */
class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #onAbort = () => this.#controller.abort();
  timedOut = false;

  constructor(
    timeout: number | undefined,
    readonly userSignal: AbortSignal | undefined,
  ) {
    if (userSignal?.aborted) this.#controller.abort();
    userSignal?.addEventListener("abort", this.#onAbort, { once: true });
    if (timeout !== undefined) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        this.#controller.abort();
      }, timeout);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stop the clock; the caller's signal can still cancel (a streamed body, say). */
  stopClock(): void {
    clearTimeout(this.#timer);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.userSignal?.removeEventListener("abort", this.#onAbort);
  }
}

declare module "axios" {
  interface AxiosRequestConfig {
    gitlab?: RequestContext;
  }
}

/**
 * The one place every request passes through — escape hatch, generated endpoints and typed path
 * calls alike: auth, origin guard, retries, rate limits, timeouts, redirects, errors and logging.
 */
export class Transport {
  readonly #options: ResolvedOptions;
  readonly #axios: AxiosInstance;
  readonly #redactor: Redactor;
  readonly #agents: ConnectionAgents;
  readonly #slots: Semaphore | undefined;
  /** Origins a redirect has taken us to without credentials, each warned about once. */
  readonly #warnedOrigins = new Set<string>();

  constructor(options: ResolvedOptions) {
    this.#options = options;
    // Sockets (direct, or through the proxy that src/proxy.ts picks per URL) come from src/agents.ts.
    this.#agents = new ConnectionAgents(options.proxy, options.tls ?? {});
    this.#redactor = new Redactor([
      options.auth?.value,
      options.auth?.value.replace(/^Bearer /, ""),
      ...this.#agents.secrets,
    ]);
    this.#slots =
      options.maxConcurrency === undefined ? undefined : new Semaphore(options.maxConcurrency);
    this.#axios = axios.create({
      maxRedirects: 0,
      validateStatus: (status) => status >= 200 && status < 400,
      // Proxies are ours (src/agents.ts): axios must not apply HTTP(S)_PROXY on top of them.
      proxy: false,
      // The body is decoded here, not by axios, so that a bad body becomes a GitlabParsingError.
      transitional: {
        silentJSONParsing: true,
        forcedJSONParsing: false,
        clarifyTimeoutError: true,
      },
    });
    this.#axios.interceptors.request.use((config) => {
      const ctx = config.gitlab;
      if (ctx) {
        ctx.deadline?.dispose();
        ctx.deadline = new Deadline(ctx.timeout, ctx.signal);
        config.signal = ctx.deadline.signal;
      }
      return config;
    });
    // Registered before axios-retry so that it runs first: the clock stops and error bodies are in memory.
    this.#axios.interceptors.response.use(
      (response) => {
        response.config.gitlab?.deadline?.stopClock();
        return response;
      },
      async (error: AxiosError) => {
        error.config?.gitlab?.deadline?.stopClock();
        if (error.response?.data instanceof Readable) {
          error.response.data = await readCapped(error.response.data, ERROR_BODY_LIMIT);
        }
        throw error;
      },
    );
    axiosRetry(this.#axios, {
      retries: options.maxRetries,
      retryCondition: (error) => this.#shouldRetry(error),
      retryDelay: (_count, error) => error.config?.gitlab?.plannedDelay ?? 0,
      onRetry: (count, error, config) => {
        const ctx = config.gitlab;
        if (!ctx) return;
        // Wait on the caller's signal alone: the finished attempt's signal may already have fired.
        config.signal = ctx.signal;
        const why = error.response
          ? `${error.response.status}`
          : (error.code ?? "connection error");
        this.#options.logger.debug(
          `retrying ${ctx.method} ${ctx.displayUrl} in ${Math.round(ctx.plannedDelay)} ms after ${why} (retry ${count})`,
        );
      },
    });
  }

  /** Scrubs this client's token from text; bound once, since every response carries it. */
  readonly redact = (text: string): string => this.#redactor.redact(text);

  /** Send and buffer the whole body. */
  async send(request: TransportRequest): Promise<GitlabResponse> {
    const response = await this.#send(request, "arraybuffer");
    return new GitlabResponse({
      ...response,
      body: response.body as Buffer,
      redact: this.redact,
    });
  }

  /** Send and hand back the body as a stream, once the headers are in. */
  async sendStreamed(request: TransportRequest): Promise<GitlabStreamResponse> {
    const response = await this.#send(request, "stream");
    return new GitlabStreamResponse({
      ...response,
      body: response.body as Readable,
      redact: this.redact,
    });
  }

  async #send(request: TransportRequest, responseType: "arraybuffer" | "stream") {
    if (request.options) checkRequestOptions(request.options);
    const method = request.method.toUpperCase();
    const signal = request.options?.signal;
    const deadlineMs =
      optionalInteger("retryDeadline", request.options?.retryDeadline, 1) ??
      this.#options.retryDeadline;
    // The deadline runs from the call, so time spent queued for a slot and on redirects counts.
    const deadline =
      deadlineMs === undefined ? undefined : { ms: deadlineMs, at: Date.now() + deadlineMs };
    const release = await this.#slots?.acquire(signal).catch(() => {
      throw new GitlabAbortError(method, this.redact(request.url));
    });
    try {
      return await this.#followRedirects(method, request, responseType, deadline);
    } finally {
      release?.();
    }
  }

  async #followRedirects(
    method: string,
    request: TransportRequest,
    responseType: "arraybuffer" | "stream",
    deadline: RequestContext["retryDeadline"],
  ) {
    const visited = new Set<string>();
    let url = request.url;
    for (;;) {
      const response = await this.#exchange(method, url, request, responseType, deadline);
      const location = response.headers.get("location");
      if (![301, 302, 303, 307, 308].includes(response.status) || location === undefined)
        return response;
      if (response.body instanceof Readable) response.body.destroy();
      const next = new URL(location, url).href;
      const shown = this.redact(url);
      const nextShown = this.redact(next);
      if (
        method !== "GET" &&
        method !== "HEAD" &&
        response.status !== 307 &&
        response.status !== 308
      ) {
        throw new GitlabRedirectError(
          method,
          shown,
          nextShown,
          `a ${response.status} would turn the ${method} into a GET and drop its body; call the new URL directly`,
        );
      }
      visited.add(url);
      if (visited.has(next))
        throw new GitlabRedirectError(method, shown, nextShown, "redirect loop");
      if (visited.size > MAX_REDIRECTS) {
        throw new GitlabRedirectError(
          method,
          shown,
          nextShown,
          `more than ${MAX_REDIRECTS} redirects`,
        );
      }
      if (request.body instanceof Readable) {
        throw new GitlabRedirectError(
          method,
          shown,
          nextShown,
          "a streamed body cannot be sent twice; call the new URL directly",
        );
      }
      const origin = new URL(next).origin;
      if (origin !== this.#options.origin) {
        // A body can carry secrets as well as a header can (CI variables, keys): it stays home.
        if (method !== "GET" && method !== "HEAD") {
          throw new GitlabRedirectError(
            method,
            shown,
            nextShown,
            `the ${method} would take its body to ${origin}, outside the configured ${this.#options.origin}; call that URL directly if you trust it`,
          );
        }
        // Normal for downloads sent on to object storage, so said once per origin, not per request.
        if (!this.#warnedOrigins.has(origin)) {
          this.#warnedOrigins.add(origin);
          this.#options.logger.warn(
            this.redact(
              `following a redirect from ${this.#options.origin} to ${origin} without credentials (auth, Sudo and Cookie headers are not sent outside the configured origin)`,
            ),
          );
        }
      }
      url = next;
    }
  }

  async #exchange(
    method: string,
    url: string,
    request: TransportRequest,
    responseType: "arraybuffer" | "stream",
    deadline: RequestContext["retryDeadline"],
  ): Promise<{
    method: string;
    url: string;
    status: number;
    statusText: string;
    headers: ResponseHeaders;
    body: Buffer | Readable;
  }> {
    const options = request.options ?? {};
    const ctx = new RequestContext(
      method,
      this.redact(url),
      optionalInteger("timeout", options.timeout, 1) ?? this.#options.timeout,
      optionalBoolean("obeyRateLimit", options.obeyRateLimit) ?? this.#options.obeyRateLimit,
      optionalBoolean("retryTransientErrors", options.retryTransientErrors) ??
        this.#options.retryTransientErrors,
      optionalBoolean("retryNonIdempotent", options.retryNonIdempotent) ?? false,
      this.#options.maxRetryWait,
      deadline,
      !(request.body instanceof Readable),
      options.signal,
    );
    const maxRetries =
      resolveMaxRetries("maxRetries", options.maxRetries) ?? this.#options.maxRetries;
    const started = Date.now();
    try {
      const response: AxiosResponse<Buffer | Readable> = await this.#axios.request({
        method,
        url,
        headers: this.#headers(url, request.headers),
        // The agent for this URL: direct, or through a proxy (src/agents.ts).
        ...this.#agents.for(url),
        data: request.body,
        responseType,
        gitlab: ctx,
        "axios-retry": { retries: maxRetries },
      });
      this.#options.logger.debug(
        `${method} ${ctx.displayUrl} → ${response.status} in ${Date.now() - started} ms`,
      );
      return {
        method,
        url: ctx.displayUrl,
        status: response.status,
        statusText: response.statusText,
        headers: new ResponseHeaders(response.headers),
        body:
          response.data instanceof Readable ? this.#handOver(response.data, ctx) : response.data,
      };
    } catch (error) {
      const mapped = this.#toGitlabError(error, ctx);
      this.#options.logger.debug(
        `${method} ${ctx.displayUrl} failed in ${Date.now() - started} ms: ${mapped.message}`,
      );
      throw mapped;
    } finally {
      if (!ctx.handedOver) ctx.deadline?.dispose();
    }
  }

  /**
   * A streamed body outlives the exchange. The caller's signal must still cancel it, so the
   * attempt's deadline is released only when the stream closes; and its errors are axios errors
   * holding the request config, auth header included, so the caller gets a GitlabError instead.
   */
  #handOver(body: Readable, ctx: RequestContext): Readable {
    const deadline = ctx.deadline;
    ctx.handedOver = true;
    const guarded = new PassThrough();
    body.on("error", (error: Error) => {
      guarded.destroy(
        ctx.signal?.aborted
          ? new GitlabAbortError(ctx.method, ctx.displayUrl)
          : new GitlabConnectionError(
              ctx.method,
              ctx.displayUrl,
              (error as { code?: string }).code ?? "ECONNRESET",
              this.redact(
                `the connection broke before the whole response arrived (${error.message})`,
              ),
              { cause: this.#redactedCause(error) },
            ),
      );
    });
    // A consumer that stops early (break, destroy) frees the socket.
    guarded.once("close", () => {
      body.destroy();
      deadline?.dispose();
    });
    return body.pipe(guarded);
  }

  #headers(url: string, extra: Record<string, string> | undefined): Record<string, string> {
    const headers: Record<string, string> = { "User-Agent": this.#options.userAgent, ...extra };
    if (new URL(url).origin === this.#options.origin) {
      if (this.#options.auth) headers[this.#options.auth.name] = this.#options.auth.value;
    } else {
      for (const name of Object.keys(headers)) {
        if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) delete headers[name];
      }
    }
    return headers;
  }

  #shouldRetry(error: AxiosError): boolean {
    const ctx = error.config?.gitlab;
    if (!ctx || ctx.signal?.aborted) return false;
    // A proxy that refused (407, 403 to CONNECT) answers the same again (src/agents.ts).
    if (isProxyRefusal(error)) return false;
    const retryNumber = (error.config?.["axios-retry"]?.retryCount ?? 0) + 1;
    const response = failedResponse(error);
    if (response?.status === 429) {
      if (!ctx.obeyRateLimit) return false;
      const asked = rateLimitWait(new ResponseHeaders(response.headers), Date.now());
      if (asked !== undefined && asked > ctx.maxRetryWait) {
        ctx.refusedWait = asked;
        return false;
      }
      // A little jitter on top of the server's wait keeps throttled clients from returning in lockstep.
      return this.#plan(
        ctx,
        asked === undefined
          ? Math.min(backoff(retryNumber), ctx.maxRetryWait)
          : asked + Math.random() * 250,
      );
    }
    if (!ctx.retryTransientErrors || !ctx.replayable) return false;
    if (response) {
      if (!isTransientStatus(response.status, bodyText(response.data))) return false;
      if (!isIdempotent(ctx.method) && !ctx.retryNonIdempotent) return false;
    } else if (
      !isIdempotent(ctx.method) &&
      !ctx.retryNonIdempotent &&
      !requestNeverSent(error.code)
    ) {
      return false;
    } else if (error.code === "ERR_CANCELED" && !ctx.deadline?.timedOut) {
      return false;
    }
    return this.#plan(ctx, Math.min(backoff(retryNumber), ctx.maxRetryWait));
  }

  /** Retry after `delay` ms, unless the wait would end past the retry deadline. */
  #plan(ctx: RequestContext, delay: number): boolean {
    const deadline = ctx.retryDeadline;
    if (deadline !== undefined && Date.now() + delay > deadline.at) {
      ctx.retryNote = `not retried: waiting ${Math.ceil(delay)} ms more would pass the retryDeadline of ${deadline.ms} ms`;
      return false;
    }
    ctx.plannedDelay = delay;
    return true;
  }

  #toGitlabError(error: unknown, ctx: RequestContext): GitlabError {
    const mapped = this.#mapError(error, ctx);
    if (ctx.retryNote !== undefined) appendNote(mapped, ctx.retryNote);
    return mapped;
  }

  #mapError(error: unknown, ctx: RequestContext): GitlabError {
    if (error instanceof GitlabError) return error;
    const { method, displayUrl } = ctx;
    if (!axios.isAxiosError(error)) {
      return new GitlabError(this.redact(`${method} ${displayUrl}: ${String(error)}`));
    }
    // A proxy unreachable or refusing, named without its credentials (src/agents.ts).
    const viaProxy = proxyErrorOf(error, method, displayUrl);
    if (viaProxy) return viaProxy;
    const response = failedResponse(error);
    if (response) return this.#httpError(response, ctx);
    if (ctx.signal?.aborted) return new GitlabAbortError(method, displayUrl);
    if (ctx.deadline?.timedOut || error.code === "ETIMEDOUT" || error.code === "ECONNABORTED") {
      return new GitlabTimeoutError(method, displayUrl, ctx.timeout ?? 0);
    }
    const code = error.code ?? "ECONNECTION";
    return new GitlabConnectionError(
      method,
      displayUrl,
      code,
      // tlsHint: what a TLS failure means for tls.ca / tls.cert (src/agents.ts).
      this.redact(connectionMessage(error) + tlsHint(code)),
      { cause: this.#redactedCause(error) },
    );
  }

  /** The socket-level cause, kept for its code; its message can quote a host, a URL or a body. */
  #redactedCause(error: Error & { code?: string | undefined }): Error {
    const cause = new Error(this.redact(error.message));
    cause.name = error.name;
    return Object.assign(cause, { code: error.code });
  }

  #httpError(response: AxiosResponse, ctx: RequestContext): GitlabHttpError {
    const body = bodyText(response.data);
    const headers = new ResponseHeaders(response.headers);
    const details: HttpErrorDetails = {
      method: ctx.method,
      url: ctx.displayUrl,
      responseCode: response.status,
      errorMessage: this.redact(
        errorMessage(body, headers.get("content-type"), response.statusText),
      ),
      responseBody: this.redact(body),
    };
    if (response.status === 401) return new GitlabAuthenticationError(details);
    if (response.status === 429) {
      const asked = ctx.refusedWait ?? rateLimitWait(headers, Date.now());
      if (ctx.refusedWait !== undefined) {
        details.errorMessage += ` (GitLab asked to wait ${Math.ceil(ctx.refusedWait / 1000)} s, more than maxRetryWait ${ctx.maxRetryWait} ms)`;
      }
      return new GitlabRateLimitError(details, asked);
    }
    return new GitlabHttpError(details);
  }
}

/**
 * The error response, if GitLab answered with an error status. axios also attaches the response
 * when a success body breaks off mid-way; that is a connection failure, not an HTTP error.
 */
function failedResponse(error: AxiosError): AxiosResponse | undefined {
  return error.response && error.response.status >= 400 ? error.response : undefined;
}

function bodyText(data: unknown): string {
  if (Buffer.isBuffer(data)) return data.subarray(0, ERROR_BODY_LIMIT).toString("utf8");
  if (typeof data === "string") return data.slice(0, ERROR_BODY_LIMIT);
  return "";
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

function connectionMessage(error: AxiosError): string {
  if (error.code === "ERR_BAD_RESPONSE" || /aborted|premature/i.test(error.message)) {
    return `the connection broke before the whole response arrived (${error.message})`;
  }
  return error.message || "connection failed";
}

async function readCapped(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      size += buffer.length;
      if (size >= limit) break;
    }
  } catch {
    // A broken error body still leaves the status, which is what matters here.
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, limit);
}
