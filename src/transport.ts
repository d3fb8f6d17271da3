import { Readable } from "node:stream";
import { ConnectionAgents } from "./agents.js";
import { resolveCallPolicy, type CallPolicy, type RequestOptions } from "./call-policy.js";
import type { Clock } from "./clock.js";
import type { Credentials } from "./credentials.js";
import { Deadline } from "./deadline.js";
import { failureError, httpError } from "./error-mapping.js";
import { appendNote, GitlabAbortError, GitlabRedirectError, type GitlabError } from "./errors.js";
import {
  ERROR_BODY_LIMIT,
  HttpAdapter,
  type WireResponse,
  type WireResult,
} from "./http-adapter.js";
import type { Redactor } from "./redact.js";
import { decideRedirect } from "./redirect-decision.js";
import type { ResolvedOptions } from "./resolve-options.js";
import { GitlabResponse, GitlabStreamResponse } from "./response.js";
import { decideRetry, type AttemptOutcome, type RetryDecision } from "./retry-decision.js";
import { RateLimitGovernor } from "./rate-limit-governor.js";
import { handOverStream } from "./streamed-body.js";

/** A request ready for the wire: absolute URL, encoded body. */
export interface TransportRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Already encoded. A stream cannot be replayed, so a request carrying one is never retried. */
  body?: Buffer | string | FormData | URLSearchParams | Readable;
  options?: RequestOptions;
}

const CREDENTIAL_HEADERS = ["private-token", "authorization", "job-token", "cookie", "sudo"];

/** One attempt's result with the deadline it ran under. */
interface Attempt {
  readonly result: WireResult;
  readonly deadline: Deadline;
  readonly ms: number;
}

/**
 * The one place every request passes through — generated endpoints, typed path calls and the
 * escape hatch alike. A call is a loop: take a slot, make one attempt, then let the pure policies
 * decide — redirect (src/redirect-decision.ts), retry (src/retry-decision.ts) — and map what is
 * left to a typed error (src/error-mapping.ts). The wire itself is src/http-adapter.ts.
 */
export class Transport {
  readonly #options: ResolvedOptions;
  readonly #clock: Clock;
  readonly #adapter: HttpAdapter;
  readonly #credentials: Credentials | undefined;
  readonly #redactor: Redactor;
  readonly #governor: RateLimitGovernor;
  /** Origins a redirect has taken us to without credentials, each warned about once. */
  readonly #warnedOrigins = new Set<string>();

  constructor(options: ResolvedOptions, credentials: Credentials | undefined, redactor: Redactor) {
    this.#options = options;
    this.#clock = options.clock;
    this.#credentials = credentials;
    this.#redactor = redactor;
    const agents = new ConnectionAgents(options.proxy, options.tls ?? {});
    for (const secret of agents.secrets) redactor.add(secret);
    this.#adapter = new HttpAdapter(agents);
    this.#governor = new RateLimitGovernor({
      maxConcurrency: options.maxConcurrency,
      clock: options.clock,
      endpointLimits: options.endpointLimits,
      onRateLimit: options.onRateLimit,
      logger: options.logger,
      redact: this.redact,
    });
  }

  /** Scrubs this client's secrets from text; bound once, since every response carries it. */
  readonly redact = (text: string): string => this.#redactor.redact(text);

  /** Send and buffer the whole body. */
  async send(request: TransportRequest): Promise<GitlabResponse> {
    return (await this.#call(request, false)) as GitlabResponse;
  }

  /** Send and hand back the body as a stream, once the headers are in. */
  async sendStreamed(request: TransportRequest): Promise<GitlabStreamResponse> {
    return (await this.#call(request, true)) as GitlabStreamResponse;
  }

  async #call(
    request: TransportRequest,
    stream: boolean,
  ): Promise<GitlabResponse | GitlabStreamResponse> {
    const policy = resolveCallPolicy(this.#options, request.options, this.#clock.now());
    const method = request.method.toUpperCase();
    const replayable = !(request.body instanceof Readable);
    const visited = new Set<string>();
    let url = request.url;
    let retries = 0;
    let tokenRefreshed = false;
    for (;;) {
      const shown = this.redact(url);
      const waited = retries > 0 || tokenRefreshed;
      const attempt = await this.#attempt(method, url, request, stream, policy, waited);
      const { result } = attempt;
      if (result.ok) {
        const { response } = result;
        visited.add(url);
        const redirect = decideRedirect({
          method,
          status: response.status,
          location: response.headers.get("location"),
          url,
          visited,
          origin: this.#options.origin,
          replayable,
        });
        if (redirect.kind === "refuse") {
          attempt.deadline.dispose();
          if (response.body instanceof Readable) response.body.destroy();
          throw new GitlabRedirectError(
            method,
            shown,
            this.redact(redirect.location),
            redirect.reason,
          );
        }
        if (redirect.kind === "follow") {
          attempt.deadline.dispose();
          if (response.body instanceof Readable) response.body.destroy();
          if (redirect.leavesOrigin) this.#warnLeavingOrigin(redirect.url);
          url = redirect.url;
          continue;
        }
        if (response.status < 400) {
          this.#options.logger.debug(`${method} ${shown} → ${response.status} in ${attempt.ms} ms`);
          return this.#deliver(method, shown, response, attempt.deadline, policy);
        }
      }
      const outcome = toOutcome(result, attempt.deadline.timedOut);
      const decision = decideRetry({
        method,
        outcome,
        retries,
        replayable,
        canRefreshToken: !tokenRefreshed && (this.#credentials?.refreshable ?? false),
        policy,
        now: this.#clock.now(),
      });
      if (!decision.retry) throw this.#fail(method, shown, attempt, decision, policy);
      if (outcome.kind === "response" && outcome.status === 401) {
        tokenRefreshed = true;
        this.#credentials?.invalidate();
      } else {
        retries += 1;
      }
      this.#options.logger.debug(
        `retrying ${method} ${shown} in ${Math.round(decision.delay)} ms after ${decision.why} (retry ${retries})`,
      );
      // GitLab's own wait is the governor's to keep, for every request of the client at once.
      if (!decision.serverWait) {
        await this.#clock.sleep(decision.delay, policy.signal).catch(() => {
          throw new GitlabAbortError(method, shown);
        });
      }
    }
  }

  /**
   * One attempt, once the governor lets it go (src/rate-limit-governor.ts): it holds a concurrency
   * slot only while on the wire, and what the response says of the rate limit goes back to it.
   */
  async #attempt(
    method: string,
    url: string,
    request: TransportRequest,
    stream: boolean,
    policy: CallPolicy,
    waited: boolean,
  ): Promise<Attempt> {
    const permit = await this.#governor
      .acquire({ method, url, waited }, policy.signal)
      .catch(() => {
        throw new GitlabAbortError(method, this.redact(url));
      });
    const deadline = new Deadline(policy.timeout, policy.signal);
    const started = this.#clock.now();
    let handedOver = false;
    let result: WireResult | undefined;
    try {
      result = await this.#adapter.send({
        method,
        url,
        headers: await this.#headers(url, request.headers),
        body: request.body,
        stream,
        signal: deadline.signal,
      });
      deadline.stopClock();
      handedOver = result.ok && result.response.body instanceof Readable;
      return { result, deadline, ms: this.#clock.now() - started };
    } finally {
      permit.release(result?.ok ? result.response : undefined);
      if (!handedOver) deadline.dispose();
    }
  }

  #deliver(
    method: string,
    shown: string,
    response: WireResponse,
    deadline: Deadline,
    policy: CallPolicy,
  ): GitlabResponse | GitlabStreamResponse {
    const { status, statusText, headers, body } = response;
    const init = { method, url: shown, status, statusText, headers, redact: this.redact };
    if (!(body instanceof Readable)) return new GitlabResponse({ ...init, body });
    const guarded = handOverStream(body, {
      method,
      url: shown,
      deadline,
      signal: policy.signal,
      redact: this.redact,
    });
    return new GitlabStreamResponse({ ...init, body: guarded });
  }

  #fail(
    method: string,
    shown: string,
    attempt: Attempt,
    decision: RetryDecision & { retry: false },
    policy: CallPolicy,
  ): GitlabError {
    const { result } = attempt;
    const error = result.ok
      ? httpError(
          {
            method,
            url: shown,
            status: result.response.status,
            statusText: result.response.statusText,
            headers: result.response.headers,
            bodyText: bodyText(result.response.body),
            refusedWait: decision.refusedWait,
            maxRetryWait: policy.maxRetryWait,
            now: this.#clock.now(),
          },
          this.redact,
        )
      : failureError(
          {
            method,
            url: shown,
            failure: result.failure,
            aborted: policy.signal?.aborted ?? false,
            timedOut: attempt.deadline.timedOut,
            timeout: policy.timeout,
          },
          this.redact,
        );
    if (decision.note !== undefined) appendNote(error, decision.note);
    this.#options.logger.debug(`${method} ${shown} failed in ${attempt.ms} ms: ${error.message}`);
    return error;
  }

  /** Credentials go to the configured origin only; elsewhere every credential header is dropped. */
  async #headers(
    url: string,
    extra: Record<string, string> | undefined,
  ): Promise<Record<string, string>> {
    const headers: Record<string, string> = { "User-Agent": this.#options.userAgent, ...extra };
    if (new URL(url).origin === this.#options.origin) {
      const auth = await this.#credentials?.header();
      if (auth) headers[auth.name] = auth.value;
    } else {
      for (const name of Object.keys(headers)) {
        if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) delete headers[name];
      }
    }
    return headers;
  }

  /** Normal for downloads sent on to object storage, so said once per origin, not per request. */
  #warnLeavingOrigin(next: string): void {
    const origin = new URL(next).origin;
    if (this.#warnedOrigins.has(origin)) return;
    this.#warnedOrigins.add(origin);
    this.#options.logger.warn(
      this.redact(
        `following a redirect from ${this.#options.origin} to ${origin} without credentials (auth, Sudo and Cookie headers are not sent outside the configured origin)`,
      ),
    );
  }
}

function toOutcome(result: WireResult, timedOut: boolean): AttemptOutcome {
  if (result.ok) {
    const { status, headers, body } = result.response;
    return { kind: "response", status, headers, bodyText: bodyText(body) };
  }
  return {
    kind: "failure",
    code: result.failure.code,
    timedOut,
    transient: result.failure.transient,
  };
}

function bodyText(body: Buffer | Readable): string {
  return Buffer.isBuffer(body) ? body.subarray(0, ERROR_BODY_LIMIT).toString("utf8") : "";
}
