import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ResponseHeaders } from "../../src/headers.js";
import { nextPageUrl, pageInfo, parseLinkHeader } from "../../src/pagination.js";
import { Redactor } from "../../src/redact.js";
import { backoff, isTransientStatus, rateLimitWait } from "../../src/retry-decision.js";
import { errorMessage } from "../../src/error-mapping.js";
import { resolvePath, serializeQuery } from "../../src/url.js";
import { GitlabOptionError, GitlabPaginationError } from "../../src/errors.js";

const headers = (raw: Record<string, string>) => new ResponseHeaders(raw);

describe("query serialization", () => {
  it("writes arrays and hashes the way Grape reads them and drops null/undefined", () => {
    assert.equal(
      serializeQuery({
        labels: ["bug", "a b"],
        filter: { state: "opened" },
        skip: undefined,
        none: null,
        n: 3,
        on: true,
      }),
      "labels[]=bug&labels[]=a%20b&filter[state]=opened&n=3&on=true",
    );
  });
  it("encodes values but keeps brackets in keys", () => {
    assert.equal(serializeQuery({ "a&b": "x=y/z" }), "a%26b=x%3Dy%2Fz");
  });
});

describe("path resolution (no URL-encoding)", () => {
  const base = "https://gl.example/api/v4";
  it("appends relative paths to the API base exactly as given", () => {
    assert.equal(
      resolvePath(base, "https://gl.example", "/projects/gitlab-org%2Fgitlab/pipelines/latest"),
      "https://gl.example/api/v4/projects/gitlab-org%2Fgitlab/pipelines/latest",
    );
    assert.equal(
      resolvePath(base, "https://gl.example", "projects"),
      "https://gl.example/api/v4/projects",
    );
  });
  it("accepts absolute URLs on the configured origin only", () => {
    assert.equal(
      resolvePath(base, "https://gl.example", "https://gl.example/x"),
      "https://gl.example/x",
    );
    assert.throws(
      () => resolvePath(base, "https://gl.example", "https://evil.example/x"),
      GitlabOptionError,
    );
  });
  it("rejects control characters", () => {
    assert.throws(
      () => resolvePath(base, "https://gl.example", "/projects\r\n"),
      /control character/,
    );
  });
});

describe("rate-limit waits", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads Retry-After as seconds", () =>
    assert.equal(rateLimitWait(headers({ "retry-after": "3" }), now), 3000));
  it("reads Retry-After as an HTTP date", () =>
    assert.equal(
      rateLimitWait(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now),
      5000,
    ));
  it("treats a past date as no wait", () =>
    assert.equal(
      rateLimitWait(headers({ "retry-after": "Wed, 31 Dec 2025 23:00:00 GMT" }), now),
      0,
    ));
  it("falls back to RateLimit-Reset", () =>
    assert.equal(
      rateLimitWait(
        headers({ "retry-after": "soon", "ratelimit-reset": String(now / 1000 + 7) }),
        now,
      ),
      7000,
    ));
  it("returns undefined when no header is usable", () =>
    assert.equal(rateLimitWait(headers({ "retry-after": "garbage" }), now), undefined));
});

describe("transient statuses and backoff", () => {
  it("matches python-gitlab's list plus 409 Resource lock", () => {
    for (const s of [500, 502, 503, 504, 520, 530]) assert.ok(isTransientStatus(s, ""), String(s));
    for (const s of [400, 404, 501, 505, 519, 531]) assert.ok(!isTransientStatus(s, ""), String(s));
    assert.ok(isTransientStatus(409, '{"message":"409 Conflict: Resource lock"}'));
    assert.ok(!isTransientStatus(409, '{"message":"Branch already exists"}'));
  });
  it("doubles from 100 ms with jitter in [base/2, base]", () => {
    assert.equal(
      backoff(1, () => 0),
      50,
    );
    assert.equal(
      backoff(1, () => 1),
      100,
    );
    assert.equal(
      backoff(4, () => 1),
      800,
    );
  });
});

describe("Link and pagination headers", () => {
  const url = "https://gl.example/api/v4/projects?page=1";
  it("parses rel links, relative ones included", () => {
    assert.deepEqual(
      parseLinkHeader(
        '<https://gl.example/api/v4/projects?page=2>; rel="next", </api/v4/projects?page=9>; rel="last"',
        url,
      ),
      {
        next: "https://gl.example/api/v4/projects?page=2",
        last: "https://gl.example/api/v4/projects?page=9",
      },
    );
  });
  it("refuses a malformed Link header", () => {
    assert.throws(() => nextPageUrl(headers({ link: "page=2; next" }), url), GitlabPaginationError);
  });
  it("falls back to X-Next-Page and refuses garbage there", () => {
    assert.equal(
      nextPageUrl(headers({ "x-next-page": "3" }), url),
      "https://gl.example/api/v4/projects?page=3",
    );
    assert.equal(nextPageUrl(headers({ "x-next-page": "" }), url), undefined);
    assert.throws(() => nextPageUrl(headers({ "x-next-page": "abc" }), url), /X-Next-Page/);
  });
  it("reads page metadata and leaves out what GitLab omits", () => {
    assert.deepEqual(
      pageInfo(
        headers({ "x-page": "2", "x-per-page": "20", "x-next-page": "3", "x-prev-page": "1" }),
      ),
      {
        currentPage: 2,
        nextPage: 3,
        prevPage: 1,
        perPage: 20,
      },
    );
  });
});

describe("error messages", () => {
  it("takes GitLab's message or error", () => {
    assert.equal(
      errorMessage('{"message":"404 Project Not Found"}', "application/json", "Not Found"),
      "404 Project Not Found",
    );
    assert.equal(
      errorMessage('{"error":"title is missing"}', "application/json", ""),
      "title is missing",
    );
    assert.equal(
      errorMessage('{"message":{"title":["can\'t be blank"]}}', "application/json", ""),
      '{"title":["can\'t be blank"]}',
    );
    assert.equal(
      errorMessage(
        '{"error":"invalid_grant","error_description":"expired"}',
        "application/json",
        "",
      ),
      "invalid_grant: expired",
    );
  });
  it("names a proxy's HTML page by its title", () => {
    assert.match(
      errorMessage(
        "<html><head><title>502 Bad Gateway</title></head></html>",
        "text/html",
        "Bad Gateway",
      ),
      /HTML page .*"502 Bad Gateway"/,
    );
  });
});

describe("redaction", () => {
  it("removes secrets, their URL-encoded form and token query parameters", () => {
    const r = new Redactor(["s3cr+t/x"]);
    assert.equal(
      r.redact("a s3cr+t/x b s3cr%2Bt%2Fx c?private_token=zzz&x=1"),
      "a [REDACTED] b [REDACTED] c?private_token=[REDACTED]&x=1",
    );
  });
});
