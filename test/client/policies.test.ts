// Table tests of the transport's pure policies: no sockets, no clock but the one passed in.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveCallPolicy, type CallPolicy } from "../../src/call-policy.js";
import { failureError, httpError } from "../../src/error-mapping.js";
import {
  GitlabAbortError,
  GitlabAuthenticationError,
  GitlabConnectionError,
  GitlabOptionError,
  GitlabRateLimitError,
  GitlabTimeoutError,
} from "../../src/errors.js";
import { ResponseHeaders } from "../../src/headers.js";
import { decideRedirect, MAX_REDIRECTS } from "../../src/redirect-decision.js";
import { resolveOptions } from "../../src/resolve-options.js";
import { decideRetry, type AttemptOutcome, type RetryInput } from "../../src/retry-decision.js";

const NOW = 1_700_000_000_000;
const client = resolveOptions({ url: "https://gitlab.example.com" });
const policy = (options: Parameters<typeof resolveCallPolicy>[1] = {}): CallPolicy =>
  resolveCallPolicy(client, options, NOW);

const status = (
  code: number,
  headers: Record<string, string> = {},
  bodyText = "",
): AttemptOutcome => ({
  kind: "response",
  status: code,
  headers: new ResponseHeaders(headers),
  bodyText,
});
const failure = (
  code: string,
  extra: Partial<{ timedOut: boolean; transient: boolean }> = {},
): AttemptOutcome => ({
  kind: "failure",
  code,
  timedOut: false,
  transient: true,
  ...extra,
});

describe("decideRetry", () => {
  const base: RetryInput = {
    method: "GET",
    outcome: status(500),
    retries: 0,
    replayable: true,
    canRefreshToken: false,
    policy: policy(),
    now: NOW,
    random: () => 0.5,
  };
  const transient = policy({ retryTransientErrors: true });
  const rows: Array<
    [
      string,
      Partial<RetryInput>,
      { retry: boolean; delay?: number; note?: RegExp; refusedWait?: number },
    ]
  > = [
    [
      "429 with Retry-After 2 → wait 2 s",
      { outcome: status(429, { "retry-after": "2" }) },
      { retry: true, delay: 2_000 },
    ],
    [
      "429 with a reset time → wait until it",
      { outcome: status(429, { "ratelimit-reset": String(NOW / 1000 + 5) }) },
      { retry: true, delay: 5_000 },
    ],
    ["429 without headers → backoff 75 ms", { outcome: status(429) }, { retry: true, delay: 75 }],
    [
      "429, obeyRateLimit off → no",
      { outcome: status(429, { "retry-after": "1" }), policy: policy({ obeyRateLimit: false }) },
      { retry: false },
    ],
    [
      "429 asking past maxRetryWait → no, the wait kept",
      { outcome: status(429, { "retry-after": "3600" }) },
      { retry: false, refusedWait: 3_600_000 },
    ],
    [
      "429 on a POST → yes (GitLab did not handle it)",
      { method: "POST", outcome: status(429, { "retry-after": "0" }) },
      { retry: true, delay: 0 },
    ],
    [
      "429 after maxRetries → no",
      { outcome: status(429, { "retry-after": "0" }), retries: 10 },
      { retry: false },
    ],
    ["500 by default → no", {}, { retry: false }],
    ["500 with retryTransientErrors → backoff", { policy: transient }, { retry: true, delay: 75 }],
    ["500, third retry → 300 ms", { policy: transient, retries: 2 }, { retry: true, delay: 300 }],
    [
      "503 on a POST → no",
      { policy: transient, method: "POST", outcome: status(503) },
      { retry: false },
    ],
    [
      "503 on a POST with retryNonIdempotent → yes",
      {
        policy: policy({ retryTransientErrors: true, retryNonIdempotent: true }),
        method: "POST",
        outcome: status(503),
      },
      { retry: true, delay: 75 },
    ],
    [
      "409 Resource lock → yes",
      { policy: transient, method: "PUT", outcome: status(409, {}, '{"message":"Resource lock"}') },
      { retry: true, delay: 75 },
    ],
    [
      "409 otherwise → no",
      { policy: transient, outcome: status(409, {}, '{"message":"Conflict"}') },
      { retry: false },
    ],
    ["404 → no", { policy: transient, outcome: status(404) }, { retry: false }],
    ["401, no token provider → no", { outcome: status(401) }, { retry: false }],
    [
      "401 with a provider to ask → at once",
      { outcome: status(401), canRefreshToken: true },
      { retry: true, delay: 0 },
    ],
    [
      "reset on a GET → yes",
      { policy: transient, outcome: failure("ECONNRESET") },
      { retry: true, delay: 75 },
    ],
    [
      "reset on a POST → no (it may have arrived)",
      { policy: transient, method: "POST", outcome: failure("ECONNRESET") },
      { retry: false },
    ],
    [
      "refused on a POST → yes (it never left)",
      { policy: transient, method: "POST", outcome: failure("ECONNREFUSED") },
      { retry: true, delay: 75 },
    ],
    [
      "timeout on a GET → yes",
      { policy: transient, outcome: failure("ERR_CANCELED", { timedOut: true }) },
      { retry: true, delay: 75 },
    ],
    [
      "a certificate error → no",
      { policy: transient, outcome: failure("CERT_HAS_EXPIRED", { transient: false }) },
      { retry: false },
    ],
    [
      "a streamed body → no",
      { policy: transient, replayable: false, outcome: failure("ECONNRESET") },
      { retry: false },
    ],
    [
      "past the retry deadline → no, saying so",
      { policy: policy({ retryTransientErrors: true, retryDeadline: 50 }) },
      { retry: false, note: /retryDeadline of 50 ms/ },
    ],
    [
      "the caller aborted → no",
      {
        policy: policy({ retryTransientErrors: true, signal: AbortSignal.abort() }),
        outcome: failure("ERR_CANCELED"),
      },
      { retry: false },
    ],
  ];
  for (const [name, input, expected] of rows) {
    it(name, () => {
      const decision = decideRetry({ ...base, ...input });
      assert.equal(decision.retry, expected.retry);
      if (decision.retry) assert.equal(decision.delay, expected.delay);
      else {
        if (expected.note) assert.match(decision.note ?? "", expected.note);
        else assert.equal(decision.note, undefined);
        assert.equal(decision.refusedWait, expected.refusedWait);
      }
    });
  }
});

describe("decideRedirect", () => {
  const origin = "https://gitlab.example.com";
  const url = `${origin}/api/v4/projects/1/jobs/1/artifacts`;
  const base = {
    method: "GET",
    status: 302,
    location: "/other",
    url,
    visited: new Set([url]),
    origin,
    replayable: true,
  };
  const rows: Array<[string, Partial<typeof base> & { location?: string | undefined }, string]> = [
    ["200 → none", { status: 200 }, "none"],
    ["302 without Location → none", { location: undefined }, "none"],
    ["302 on a GET → follow", {}, `follow ${origin}/other`],
    [
      "302 to object storage → follow, leaving the origin",
      { location: "https://storage.example.net/x" },
      "follow https://storage.example.net/x leaves",
    ],
    [
      "301 on a POST → refuse",
      { method: "POST", status: 301 },
      "refuse would turn the POST into a GET",
    ],
    ["307 on a POST → follow", { method: "POST", status: 307 }, `follow ${origin}/other`],
    [
      "308 on a PUT to another origin → refuse (the body stays home)",
      { method: "PUT", status: 308, location: "https://evil.example/x" },
      "refuse outside the configured",
    ],
    [
      "307 with a streamed body → refuse",
      { method: "POST", status: 307, replayable: false },
      "refuse cannot be sent twice",
    ],
    ["back to a visited URL → refuse", { location: url }, "refuse redirect loop"],
    [
      "one hop too many → refuse",
      { visited: new Set(Array.from({ length: MAX_REDIRECTS + 1 }, (_, n) => `${origin}/${n}`)) },
      "refuse more than 10 redirects",
    ],
  ];
  for (const [name, input, expected] of rows) {
    it(name, () => {
      const decision = decideRedirect({ ...base, ...input });
      const text =
        decision.kind === "none"
          ? "none"
          : decision.kind === "follow"
            ? `follow ${decision.url}${decision.leavesOrigin ? " leaves" : ""}`
            : `refuse ${decision.reason}`;
      assert.ok(text.startsWith(expected.split(" ").slice(0, 1)[0]!), text);
      for (const word of expected.split(" ").slice(1))
        assert.ok(text.includes(word), `${text} lacks ${word}`);
    });
  }
});

describe("error mapping", () => {
  const redact = (text: string) => text.replaceAll("glpat-secret", "[REDACTED]");
  const response = (
    code: number,
    body: string,
    headers: Record<string, string> = { "content-type": "application/json" },
  ) =>
    httpError(
      {
        method: "GET",
        url: "https://g/x",
        status: code,
        statusText: "",
        headers: new ResponseHeaders(headers),
        bodyText: body,
        maxRetryWait: 60_000,
        now: NOW,
      },
      redact,
    );
  it("401 → GitlabAuthenticationError with GitLab's message", () => {
    const error = response(401, '{"message":"401 Unauthorized"}');
    assert.ok(error instanceof GitlabAuthenticationError);
    assert.equal(error.errorMessage, "401 Unauthorized");
  });
  it("429 → GitlabRateLimitError with the wait asked for", () => {
    const error = response(429, "Retry later", { "retry-after": "7" });
    assert.ok(error instanceof GitlabRateLimitError);
    assert.equal(error.retryAfterMs, 7_000);
  });
  it("an echoed token is redacted in the message and the body", () => {
    const error = response(400, '{"error":"bad token glpat-secret"}');
    assert.ok(!JSON.stringify(error).includes("glpat-secret"));
    assert.match(error.message, /\[REDACTED\]/);
  });
  it("an HTML page names the proxy, not GitLab", () => {
    const error = response(502, "<html><title>Bad Gateway</title></html>", {
      "content-type": "text/html",
    });
    assert.match(error.errorMessage, /HTML page .*"Bad Gateway".* proxy/);
  });
  const attempt = (extra: Partial<Parameters<typeof failureError>[0]>) =>
    failureError(
      {
        method: "GET",
        url: "https://g/x",
        failure: {
          code: "ECONNRESET",
          message: "socket hang up glpat-secret",
          bodyBroken: false,
          transient: true,
        },
        aborted: false,
        timedOut: false,
        timeout: 100,
        ...extra,
      },
      redact,
    );
  it("aborted → GitlabAbortError", () =>
    assert.ok(attempt({ aborted: true }) instanceof GitlabAbortError));
  it("timed out → GitlabTimeoutError naming the timeout", () => {
    const error = attempt({ timedOut: true });
    assert.ok(error instanceof GitlabTimeoutError);
    assert.equal(error.timeout, 100);
  });
  it("a reset → GitlabConnectionError, its cause redacted and kept to the code", () => {
    const error = attempt({});
    assert.ok(error instanceof GitlabConnectionError);
    assert.equal(error.code, "ECONNRESET");
    const cause = error.cause as Error & { code?: string };
    assert.equal(cause.code, "ECONNRESET");
    assert.ok(!cause.message.includes("glpat-secret") && !error.message.includes("glpat-secret"));
  });
});

describe("resolveCallPolicy", () => {
  it("per-request options override the client's, frozen", () => {
    const resolved = policy({ timeout: 5, maxRetries: -1 });
    assert.equal(resolved.timeout, 5);
    assert.equal(resolved.maxRetries, Number.POSITIVE_INFINITY);
    assert.equal(resolved.obeyRateLimit, true);
    assert.ok(Object.isFrozen(resolved));
  });
  it("the retry deadline runs from the start of the call", () => {
    assert.deepEqual(policy({ retryDeadline: 250 }).retryDeadline, { ms: 250, at: NOW + 250 });
  });
  it("a misspelt or ill-typed option is refused, naming it", () => {
    assert.throws(
      () => policy({ timout: 1 } as object),
      (e: unknown) => e instanceof GitlabOptionError && e.option === "timout",
    );
    assert.throws(
      () => policy({ timeout: 0 }),
      (e: unknown) => e instanceof GitlabOptionError && e.option === "timeout",
    );
    assert.throws(
      () => policy({ signal: {} as AbortSignal }),
      (e: unknown) => e instanceof GitlabOptionError && e.option === "signal",
    );
  });
});
