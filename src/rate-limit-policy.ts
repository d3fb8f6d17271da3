// What GitLab's responses say about its request throttle, and what follows from it: pure functions
// over a small state, so that every rule can be tested as a table. The rate-limit governor
// (rate-limit-governor.ts) holds the state and does the waiting.
//
// GitLab's throttle is Rack::Attack's fixed window (lib/gitlab/rack_attack.rb and
// lib/gitlab/rack_attack/request_throttle_data.rb, gitlabhq 41946e65): a window of `period` whole
// seconds starts at every multiple of the period in Unix time, every request counts (refused ones
// too), and the headers say
//   RateLimit-Limit     ceil(limit · 60 / period): the quota per 60 s, not per window
//   RateLimit-Observed  requests counted in this window, this one included
//   RateLimit-Remaining limit − observed, at least 0
//   RateLimit-Reset     Unix seconds at which the window ends
//   Retry-After         period − now % period (on 429s only), `now` in whole seconds
// They come on 429s; on other responses only behind a feature flag.

/** A response's headers, looked up case-insensitively. */
export interface HeaderSource {
  get(name: string): string | undefined;
}

/** What one response said, times in ms. Server times are by GitLab's clock. */
export interface ThrottleReport {
  status: number;
  /** `RateLimit-Name`, e.g. `throttle_authenticated_api`. */
  name: string | undefined;
  /** `RateLimit-Limit`: GitLab's quota normalised to 60 s. */
  perMinute: number | undefined;
  observed: number | undefined;
  remaining: number | undefined;
  /** End of the window (`RateLimit-Reset`, else `RateLimit-ResetTime`), server clock. */
  resetAt: number | undefined;
  /** `Retry-After`, in ms from when the response was received. */
  retryAfter: number | undefined;
  /** The whole second GitLab's clock showed when it answered (`Date`, or `Reset − Retry-After`). */
  serverSecond: number | undefined;
}

/** What has been learnt of the throttle: its quota per window and the window's length. */
export interface LearntLimit {
  perWindow: number;
  periodMs: number;
  perMinute: number;
}

export interface PolicyState {
  /** Bounds on (GitLab's clock − ours) in ms, narrowed by every dated response. */
  offsetLow: number;
  offsetHigh: number;
  /** `RateLimit-Limit` as last seen. */
  perMinute: number | undefined;
  /** The window quota exactly (from a success's Observed + Remaining), once known. */
  exactQuota: number | undefined;
  /** Observed − 1 of the least-counted refusal: the quota is at most this. */
  quotaAtMost: number | undefined;
  limit: LearntLimit | undefined;
  /** perMinute/quota the limit was learnt from, so that it is worked out again only when they change. */
  learntFrom: string | undefined;
  /** Requests we sent, and the least count of others' requests, per window index. */
  windows: Map<number, { sent: number; others: number }>;
  /** When our latest requests went out, so that they can be placed in windows once those are learnt. */
  sendLog: number[];
  /** Recent round trips, slowly forgotten: how late after sending a request may be counted. */
  roundTrip: number;
  /** No request of the client goes before this (ms, our clock). */
  pausedUntil: number;
}

export function initialState(): PolicyState {
  return {
    offsetLow: Number.NEGATIVE_INFINITY,
    offsetHigh: Number.POSITIVE_INFINITY,
    perMinute: undefined,
    exactQuota: undefined,
    quotaAtMost: undefined,
    limit: undefined,
    learntFrom: undefined,
    windows: new Map(),
    sendLog: [],
    roundTrip: 0,
    pausedUntil: Number.NEGATIVE_INFINITY,
  };
}

/** Unix seconds below this are read as a delay in seconds (the IETF draft's RateLimit-Reset). */
const EPOCH_SECONDS_FLOOR = 1_000_000_000;

function integerHeader(headers: HeaderSource, name: string): number | undefined {
  const value = headers.get(name)?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

export function readReport(status: number, headers: HeaderSource, now: number): ThrottleReport {
  const retryAfterText = headers.get("retry-after")?.trim();
  let retryAfter: number | undefined;
  let retryAfterSeconds: number | undefined;
  if (retryAfterText !== undefined && /^\d+$/.test(retryAfterText)) {
    retryAfterSeconds = Number(retryAfterText);
    retryAfter = retryAfterSeconds * 1000;
  } else if (retryAfterText) {
    const date = Date.parse(retryAfterText);
    if (!Number.isNaN(date)) retryAfter = Math.max(0, date - now);
  }
  const resetSeconds = integerHeader(headers, "ratelimit-reset");
  let resetAt: number | undefined;
  if (resetSeconds !== undefined) {
    resetAt = resetSeconds >= EPOCH_SECONDS_FLOOR ? resetSeconds * 1000 : undefined;
    if (resetAt === undefined) retryAfter ??= resetSeconds * 1000;
  } else {
    const resetTime = Date.parse(headers.get("ratelimit-resettime") ?? "");
    if (!Number.isNaN(resetTime)) resetAt = resetTime;
  }
  const date = Date.parse(headers.get("date") ?? "");
  const serverSecond = !Number.isNaN(date)
    ? date
    : resetAt !== undefined && retryAfterSeconds !== undefined
      ? resetAt - retryAfterSeconds * 1000
      : undefined;
  return {
    status,
    name: headers.get("ratelimit-name"),
    perMinute: integerHeader(headers, "ratelimit-limit"),
    observed: integerHeader(headers, "ratelimit-observed"),
    remaining: integerHeader(headers, "ratelimit-remaining"),
    resetAt,
    retryAfter,
    serverSecond,
  };
}

/** Whether the report comes from GitLab's throttle, which counts every request of the user. */
export function isThrottleReport(report: ThrottleReport): boolean {
  return (
    report.perMinute !== undefined || report.remaining !== undefined || report.name !== undefined
  );
}

/**
 * Our best guess of (GitLab's clock − ours): zero — clocks are normally synchronised — unless the
 * responses prove otherwise, then the nearest value they allow.
 */
export function clockOffset(state: PolicyState): number {
  return Math.min(Math.max(0, state.offsetLow), state.offsetHigh);
}

/** A server time on our clock. */
function toLocal(state: PolicyState, serverTime: number): number {
  return serverTime - clockOffset(state);
}

function windowIndex(state: PolicyState, limit: LearntLimit, localTime: number): number {
  return Math.floor((localTime + clockOffset(state)) / limit.periodMs);
}

/**
 * The window length, in whole seconds as GitLab's settings are: RateLimit-Limit = ceil(quota·60/P)
 * bounds P to [quota·60/perMinute, quota·60/(perMinute−1)), P is at least Retry-After, and windows
 * start at multiples of P, so P divides RateLimit-Reset. The largest candidate wins: a shorter
 * guess would still be safe (its windows nest in the real ones) but would pace more slowly.
 */
export function inferPeriodSeconds(
  quotaAtMost: number,
  perMinute: number,
  resetSeconds: number | undefined,
  retryAfterSeconds: number | undefined,
): number {
  const upper = perMinute > 1 ? (quotaAtMost * 60) / (perMinute - 1) : Number.POSITIVE_INFINITY;
  const lower = Math.max(1, retryAfterSeconds ?? 1);
  const ceiling = Math.min(Math.ceil(upper) - 1, 86_400);
  if (resetSeconds !== undefined) {
    for (let period = ceiling; period >= lower; period--) {
      if (resetSeconds % period === 0) return period;
    }
  }
  return Math.max(lower, Math.ceil((quotaAtMost * 60) / perMinute));
}

/** Fold one response into the state. `sentAt`/`receivedAt` are our clock. */
export function learn(
  state: PolicyState,
  report: ThrottleReport,
  sentAt: number,
  receivedAt: number,
  placement?: Placement,
): void {
  state.roundTrip = Math.max(receivedAt - sentAt, state.roundTrip * 0.9);
  if (report.serverSecond !== undefined) {
    state.offsetLow = Math.max(state.offsetLow, report.serverSecond - receivedAt);
    state.offsetHigh = Math.min(state.offsetHigh, report.serverSecond + 1000 - sentAt);
  }
  if (report.resetAt !== undefined && isThrottleReport(report)) {
    // The request was counted before the window's end: GitLab's clock had not reached resetAt.
    state.offsetHigh = Math.min(state.offsetHigh, report.resetAt - sentAt);
  }
  if (report.perMinute !== undefined) state.perMinute = report.perMinute;
  if (report.observed !== undefined) {
    if (report.status === 429) {
      state.quotaAtMost = Math.min(state.quotaAtMost ?? Infinity, report.observed - 1);
    } else if (report.remaining !== undefined) {
      state.exactQuota = report.observed + report.remaining;
    }
  }
  relearnLimit(state, report);
  if (placement !== undefined) unplace(state, report, placement);
  countOthers(state, report);
  const pauseEnd = pauseFor(state, report, receivedAt);
  if (pauseEnd !== undefined) state.pausedUntil = Math.max(state.pausedUntil, pauseEnd);
}

function relearnLimit(state: PolicyState, report: ThrottleReport): void {
  const perMinute = state.perMinute;
  const quota = state.exactQuota ?? state.quotaAtMost;
  if (perMinute === undefined || quota === undefined || perMinute < 1 || quota < 1) return;
  const known = state.limit;
  const inputs = `${perMinute}/${quota}`;
  if (known !== undefined && state.learntFrom === inputs) return;
  state.learntFrom = inputs;
  const retryAfterSeconds =
    report.retryAfter === undefined ? undefined : Math.round(report.retryAfter / 1000);
  const periodSeconds = inferPeriodSeconds(
    quota,
    perMinute,
    report.resetAt === undefined ? undefined : Math.round(report.resetAt / 1000),
    retryAfterSeconds,
  );
  const fromHeader = Math.floor((perMinute * periodSeconds) / 60);
  const perWindow = state.exactQuota ?? Math.max(1, Math.min(quota, fromHeader));
  const limit = { perWindow, periodMs: periodSeconds * 1000, perMinute };
  if (known?.periodMs !== limit.periodMs) {
    // Windows of another length: place the requests already sent in the new ones.
    state.windows.clear();
    for (const sentAt of state.sendLog) countSend(state, limit, sentAt);
  }
  state.limit = limit;
}

/** A request counted in two windows, once GitLab says which one counted it, leaves the other. */
function unplace(state: PolicyState, report: ThrottleReport, placement: Placement): void {
  const limit = state.limit;
  if (!placement.both || limit === undefined || report.resetAt === undefined) return;
  if (!isThrottleReport(report)) return;
  const counted = Math.round(report.resetAt / limit.periodMs) - 1;
  const other =
    counted === placement.index
      ? placement.index + 1
      : counted === placement.index + 1
        ? placement.index
        : undefined;
  const window = other === undefined ? undefined : state.windows.get(other);
  if (window !== undefined && window.sent > 0) window.sent -= 1;
}

/** Others sharing the token: Observed counts their requests too, so at least observed − ours are theirs. */
function countOthers(state: PolicyState, report: ThrottleReport): void {
  const limit = state.limit;
  if (limit === undefined || report.resetAt === undefined || report.observed === undefined) return;
  const index = Math.round(report.resetAt / limit.periodMs) - 1;
  const window = windowCounts(state, index);
  window.others = Math.max(window.others, Math.min(report.observed, limit.perWindow) - window.sent);
}

function windowCounts(state: PolicyState, index: number): { sent: number; others: number } {
  let counts = state.windows.get(index);
  if (counts === undefined) {
    counts = { sent: 0, others: 0 };
    state.windows.set(index, counts);
    // Only the current window and the next matter; older ones are dropped as new ones appear.
    for (const old of state.windows.keys()) if (old < index - 2) state.windows.delete(old);
  }
  return counts;
}

/** Until when a response stops every request: a 429 from the throttle, or its quota spent. */
function pauseFor(
  state: PolicyState,
  report: ThrottleReport,
  receivedAt: number,
): number | undefined {
  const spent = report.status === 429 || (report.remaining === 0 && isThrottleReport(report));
  if (!spent) return undefined;
  if (report.status === 429 && !isThrottleReport(report)) return undefined;
  if (report.resetAt !== undefined) {
    const local = toLocal(state, report.resetAt);
    // Retry-After bounds a reset that our clock would place further away.
    return report.retryAfter === undefined
      ? local
      : Math.min(local, receivedAt + report.retryAfter);
  }
  return receivedAt + (report.retryAfter ?? NO_HINT_PAUSE_MS);
}

/** How long a 429 that says nothing about waiting holds what it applies to. */
export const NO_HINT_PAUSE_MS = 1000;

export type HoldReason = "paused" | "pacing";

/** When the next request may go, as far as the client-wide throttle is concerned. */
export function readyAt(state: PolicyState, now: number): { at: number; reason?: HoldReason } {
  if (state.pausedUntil > now) return { at: state.pausedUntil, reason: "paused" };
  const limit = state.limit;
  if (limit === undefined) return { at: now };
  const index = windowIndex(state, limit, now);
  const counts = state.windows.get(index);
  if (counts === undefined || counts.sent + counts.others < limit.perWindow) return { at: now };
  return { at: toLocal(state, (index + 1) * limit.periodMs), reason: "pacing" };
}

/**
 * Count a request going out now. One sent just before a window's end may reach GitLab after the
 * window turned, so one sent within a round trip of the end is counted in both.
 */
export function recordSend(state: PolicyState, now: number): Placement | undefined {
  state.sendLog.push(now);
  if (state.sendLog.length > SEND_LOG_SIZE) state.sendLog.shift();
  return state.limit === undefined ? undefined : countSend(state, state.limit, now);
}

/** Where a request was counted: its window, and whether the next one too. */
export interface Placement {
  index: number;
  both: boolean;
}

/** Enough to cover one window of any quota GitLab.com or a default install sets. */
const SEND_LOG_SIZE = 10_000;

function countSend(state: PolicyState, limit: LearntLimit, sentAt: number): Placement {
  const index = windowIndex(state, limit, sentAt);
  windowCounts(state, index).sent += 1;
  const arrivesBy = sentAt + clockOffset(state) + state.roundTrip;
  const both = arrivesBy >= (index + 1) * limit.periodMs;
  if (both) windowCounts(state, index + 1).sent += 1;
  return { index, both };
}
