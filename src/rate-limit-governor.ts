import type { Clock } from "./clock.js";
import { EndpointLimits, type EndpointLimit, type EndpointMatch } from "./endpoint-limits.js";
import type { GitlabLogger } from "./options.js";
import type { RateLimitEvent } from "./rate-limit-event.js";
import {
  initialState,
  isThrottleReport,
  learn,
  NO_HINT_PAUSE_MS,
  readReport,
  readyAt,
  recordSend,
  type HeaderSource,
  type LearntLimit,
  type Placement,
  type PolicyState,
} from "./rate-limit-policy.js";

/** What the governor needs to know of a request before it goes on the wire. */
export interface GovernedRequest {
  method: string;
  /** Absolute URL; matched against the endpoint limits. */
  url: string;
  /** A retry after a 429, or a request that already waited: it goes before fresh ones. */
  waited: boolean;
}

/** What the governor learns from an attempt's response. */
export interface GovernedResponse {
  status: number;
  headers: HeaderSource;
}

/** Leave to send one attempt now. Release it exactly once, with the response if there was one. */
export interface Permit {
  release(response?: GovernedResponse): void;
}

export interface RateLimitGovernorOptions {
  /** Most attempts on the wire at once; undefined: no bound. */
  maxConcurrency?: number | undefined;
  clock: Clock;
  /** Client-side endpoint limits; empty or undefined: none. */
  endpointLimits?: readonly EndpointLimit[] | undefined;
  onRateLimit?: ((event: RateLimitEvent) => void) | undefined;
  logger: GitlabLogger;
  /** Shown in log lines instead of the URL, so a token in a query never reaches a log. */
  redact?: (text: string) => string;
}

interface Waiter {
  readonly request: GovernedRequest;
  readonly match: EndpointMatch | undefined;
  /** What a 429 without the throttle's headers pauses: the endpoint limit's count, else the path. */
  readonly pauseKey: string;
  readonly queuedAt: number;
  /** Why it was last held, if it was. */
  heldFor: "paused" | "pacing" | "endpoint-paused" | "endpoint-limit" | undefined;
  readonly grant: (permit: Permit) => void;
  readonly cleanup: () => void;
}

/**
 * The client's one scheduler: every attempt (first tries and retries, from every door) asks it for
 * a permit. It grants one when a concurrency slot is free and GitLab's rate limit, as learnt from
 * the responses, allows a request now. A request waiting here holds no slot. Requests that
 * already waited go first, each queue in arrival order, so none is overtaken for ever.
 */
export class RateLimitGovernor {
  readonly #clock: Clock;
  readonly #maxConcurrency: number;
  readonly #endpoints: EndpointLimits;
  readonly #onRateLimit: ((event: RateLimitEvent) => void) | undefined;
  readonly #logger: GitlabLogger;
  readonly #redact: (text: string) => string;
  readonly #state: PolicyState = initialState();
  /** Pauses of one endpoint (a 429 that is not the throttle's), by count key. */
  readonly #endpointPauses = new Map<string, number>();
  readonly #waited: Waiter[] = [];
  readonly #fresh: Waiter[] = [];
  #inFlight = 0;
  #timer: { at: number; controller: AbortController } | undefined;
  #warned = false;

  constructor(options: RateLimitGovernorOptions) {
    this.#clock = options.clock;
    this.#maxConcurrency = options.maxConcurrency ?? Number.POSITIVE_INFINITY;
    this.#endpoints = new EndpointLimits(options.endpointLimits ?? []);
    this.#onRateLimit = options.onRateLimit;
    this.#logger = options.logger;
    this.#redact = options.redact ?? ((text) => text);
  }

  /** What has been learnt of GitLab's throttle so far. */
  get limit(): LearntLimit | undefined {
    return this.#state.limit;
  }

  /** Resolves when the request may go on the wire; rejects with the signal's reason if it aborts first. */
  acquire(request: GovernedRequest, signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason as unknown);
    return new Promise<Permit>((resolve, reject) => {
      const queue = request.waited ? this.#waited : this.#fresh;
      const onAbort = () => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        reject(signal?.reason);
      };
      const match = this.#endpoints.match(request.method, request.url);
      const waiter: Waiter = {
        request,
        match,
        pauseKey: match?.key ?? `${request.method.toUpperCase()} ${pathOf(request.url)}`,
        queuedAt: this.#clock.now(),
        heldFor: undefined,
        grant: resolve,
        cleanup: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
      this.#pump();
    });
  }

  #pump(): void {
    const now = this.#clock.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const queue of [this.#waited, this.#fresh]) {
      for (let i = 0; i < queue.length && this.#inFlight < this.#maxConcurrency;) {
        const global = readyAt(this.#state, now);
        if (global.at > now) {
          this.#holdAll(global.reason ?? "paused");
          this.#arm(global.at);
          return;
        }
        const waiter = queue[i]!;
        const endpointAt = this.#endpointReadyAt(waiter, now);
        if (endpointAt > now) {
          waiter.heldFor =
            (this.#endpointPauses.get(waiter.pauseKey) ?? now) > now
              ? "endpoint-paused"
              : "endpoint-limit";
          wakeAt = Math.min(wakeAt, endpointAt);
          i++;
          continue;
        }
        queue.splice(i, 1);
        this.#grant(waiter, now);
      }
    }
    if (wakeAt < Number.POSITIVE_INFINITY) this.#arm(wakeAt);
  }

  #endpointReadyAt(waiter: Waiter, now: number): number {
    if (this.#endpointPauses.size === 0 && waiter.match === undefined) return now;
    const paused = this.#endpointPauses.get(waiter.pauseKey) ?? now;
    return waiter.match === undefined
      ? paused
      : Math.max(paused, this.#endpoints.readyAt(waiter.match, now));
  }

  #holdAll(reason: "paused" | "pacing"): void {
    for (const queue of [this.#waited, this.#fresh]) {
      for (const waiter of queue) waiter.heldFor ??= reason;
    }
  }

  #grant(waiter: Waiter, now: number): void {
    waiter.cleanup();
    this.#inFlight++;
    const placement = recordSend(this.#state, now);
    if (waiter.match) this.#endpoints.recordSend(waiter.match, now);
    const waitedMs = now - waiter.queuedAt;
    if (waiter.heldFor !== undefined && waitedMs > 0) {
      this.#emit(
        {
          kind: "wait",
          reason: waiter.heldFor,
          method: waiter.request.method,
          url: this.#redact(waiter.request.url),
          waitedMs,
          ...(waiter.heldFor === "endpoint-limit" &&
            waiter.match && { endpoint: waiter.match.limit.name }),
        },
        "debug",
      );
    }
    let released = false;
    waiter.grant({
      release: (response) => {
        if (released) return;
        released = true;
        this.#inFlight--;
        if (response) this.#learn(waiter, response, now, placement);
        this.#pump();
      },
    });
  }

  #learn(
    waiter: Waiter,
    response: GovernedResponse,
    sentAt: number,
    placement: Placement | undefined,
  ): void {
    const now = this.#clock.now();
    const report = readReport(response.status, response.headers, now);
    const pausedBefore = this.#state.pausedUntil;
    learn(this.#state, report, sentAt, now, placement);
    const { method } = waiter.request;
    const url = this.#redact(waiter.request.url);
    if (this.#state.pausedUntil > Math.max(pausedBefore, now)) {
      const until = this.#state.pausedUntil;
      this.#emit(
        {
          kind: "pause",
          reason: response.status === 429 ? "throttled" : "exhausted",
          method,
          url,
          status: response.status,
          until,
          waitMs: until - now,
          ...(report.name !== undefined && { throttle: report.name }),
          ...(this.#state.limit && { limit: this.#state.limit }),
        },
        this.#warned ? "debug" : "warn",
      );
      this.#warned = true;
    } else if (response.status === 429 && !isThrottleReport(report)) {
      // GitLab's endpoint limits answer 429 with Retry-After alone: only that endpoint waits.
      const key = waiter.pauseKey;
      const wait =
        report.retryAfter ??
        (report.resetAt === undefined ? NO_HINT_PAUSE_MS : Math.max(0, report.resetAt - now));
      const until = now + wait;
      if (until > (this.#endpointPauses.get(key) ?? 0)) {
        this.#endpointPauses.set(key, until);
        this.#emit(
          {
            kind: "pause",
            reason: "endpoint",
            method,
            url,
            status: 429,
            until,
            waitMs: until - now,
            endpoint: waiter.match?.limit.name ?? this.#redact(key),
          },
          "debug",
        );
      }
    }
    for (const [key, until] of this.#endpointPauses) {
      if (until <= now) this.#endpointPauses.delete(key);
    }
  }

  /** One timer, for the earliest moment a held request may go. */
  #arm(at: number): void {
    if (this.#timer !== undefined && this.#timer.at <= at) return;
    this.#timer?.controller.abort();
    const controller = new AbortController();
    this.#timer = { at, controller };
    this.#clock.sleep(Math.max(0, at - this.#clock.now()), controller.signal).then(
      () => {
        if (this.#timer?.controller === controller) this.#timer = undefined;
        this.#pump();
      },
      () => {
        // Replaced by an earlier timer.
      },
    );
  }

  #emit(event: RateLimitEvent, level: "debug" | "warn"): void {
    this.#logger[level](describe(event));
    if (this.#onRateLimit === undefined) return;
    try {
      this.#onRateLimit(event);
    } catch (error) {
      this.#logger.warn(
        `onRateLimit threw, ignored: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function describe(event: RateLimitEvent): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  if (event.kind === "wait") {
    const why =
      event.reason === "paused"
        ? "the client was paused by GitLab's rate limit"
        : event.reason === "pacing"
          ? "pacing to GitLab's rate limit"
          : event.reason === "endpoint-paused"
            ? "its endpoint answered 429"
            : `client-side limit "${event.endpoint ?? ""}"`;
    return `${event.method} ${event.url} waited ${seconds(event.waitedMs)}: ${why}`;
  }
  if (event.reason === "endpoint") {
    return `${event.method} ${event.url} → 429 without rate-limit headers: requests to ${event.endpoint ?? "it"} wait ${seconds(event.waitMs)}`;
  }
  const what =
    event.reason === "throttled"
      ? `${event.status}`
      : `${event.status} with RateLimit-Remaining: 0`;
  const limit = event.limit
    ? ` (learnt: ${event.limit.perWindow} requests per ${seconds(event.limit.periodMs)})`
    : "";
  return `GitLab's rate limit${event.throttle ? ` ${event.throttle}` : ""} was reached (${event.method} ${event.url} → ${what}): every request of this client waits ${seconds(event.waitMs)}${limit}`;
}
