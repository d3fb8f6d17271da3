import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EndpointLimits } from "../../src/endpoint-limits.js";
import { GITLAB_COM_ENDPOINT_LIMITS } from "../../src/gitlab-endpoint-limits.js";
import { GitlabOptionError } from "../../src/errors.js";
import { resolveOptions } from "../../src/resolve-options.js";

const BASE = "https://gitlab.example.com/api/v4";

describe("endpoint limits: matching", () => {
  const limits = new EndpointLimits(GITLAB_COM_ENDPOINT_LIMITS);
  const cases: Array<[string, string, string | undefined]> = [
    ["POST", "/projects/42/export", "project export"],
    ["GET", "/projects/42/export", undefined],
    ["GET", "/projects/42/export/download", "project export download"],
    ["post", "/projects/group%2Fproject/export", "project export"],
    ["GET", "/projects/42/repository/archive.zip?sha=main", "repository archive:42"],
    ["GET", "/projects/42/repository/archive", "repository archive:42"],
    ["POST", "/projects/7/repository/changelog", "changelog:7"],
    ["GET", "/projects/7/repository/changelog", "changelog:7"],
    ["POST", "/projects/1/issues/3/notes", "note creation"],
    ["GET", "/projects/1", "single project"],
    ["GET", "/projects/1/issues", undefined],
    ["GET", "/projects", "project listing"],
    ["GET", "/groups/5/members", "group members:5"],
    ["GET", "/users/9/gpg_keys/2", "user GPG key"],
  ];
  for (const [method, path, key] of cases) {
    it(`${method} ${path} → ${key ?? "no limit"}`, () => {
      assert.equal(limits.match(method, `${BASE}${path}`)?.key, key);
    });
  }

  it("matches under a relative URL root, and nothing outside the API", () => {
    assert.equal(
      limits.match("GET", "https://h.example/gitlab/api/v4/projects/1")?.key,
      "single project",
    );
    assert.equal(limits.match("GET", "https://h.example/uploads/projects/1"), undefined);
  });

  it("lets `limit` requests through per period, the next when the oldest leaves the period", () => {
    const own = new EndpointLimits([
      { name: "x", method: "GET", path: "/x", limit: 2, periodSeconds: 10 },
    ]);
    const match = own.match("GET", `${BASE}/x`)!;
    own.recordSend(match, 0);
    own.recordSend(match, 4000);
    assert.equal(own.readyAt(match, 5000), 10_000);
    assert.equal(own.readyAt(match, 10_000), 10_000);
    own.recordSend(match, 10_000);
    assert.equal(own.readyAt(match, 10_000), 14_000);
  });

  it("cites a documentation page for every entry of the gitlab.com table", () => {
    for (const entry of GITLAB_COM_ENDPOINT_LIMITS)
      assert.match(entry.source, /^https:\/\/(docs\.)?gitlab\.com\//);
  });
});

describe("endpoint limits and onRateLimit: options", () => {
  const url = "https://gitlab.example.com";

  it('is off by default; "gitlab.com" selects the documented table', () => {
    assert.deepEqual(resolveOptions({ url }).endpointLimits, []);
    assert.equal(
      resolveOptions({ url, endpointLimits: "gitlab.com" }).endpointLimits,
      GITLAB_COM_ENDPOINT_LIMITS,
    );
  });

  it("takes a table of one's own, upper-casing methods", () => {
    const resolved = resolveOptions({
      url,
      endpointLimits: [
        {
          name: "exports",
          method: "post",
          path: "/projects/:id/export",
          limit: 3,
          periodSeconds: 60,
        },
      ],
    });
    assert.deepEqual(resolved.endpointLimits, [
      {
        name: "exports",
        method: "POST",
        path: "/projects/:id/export",
        limit: 3,
        periodSeconds: 60,
      },
    ]);
  });

  const bad: Array<[string, unknown, string]> = [
    ["not an array", "gitlab", "endpointLimits"],
    [
      "a limit of 0",
      [{ method: "GET", path: "/x", limit: 0, periodSeconds: 60 }],
      "endpointLimits[0].limit",
    ],
    ["no period", [{ method: "GET", path: "/x", limit: 1 }], "endpointLimits[0].periodSeconds"],
    [
      "an unknown method",
      [{ method: "FETCH", path: "/x", limit: 1, periodSeconds: 1 }],
      "endpointLimits[0].method",
    ],
    [
      "a relative path",
      [{ method: "GET", path: "x", limit: 1, periodSeconds: 1 }],
      "endpointLimits[0].path",
    ],
    [
      "a misspelt key",
      [{ method: "GET", path: "/x", limit: 1, periodSecs: 1 }],
      "endpointLimits[0].periodSecs",
    ],
    [
      "a bad per",
      [{ method: "GET", path: "/x", limit: 1, periodSeconds: 1, per: "project" }],
      "endpointLimits[0].per",
    ],
  ];
  for (const [name, value, option] of bad) {
    it(`refuses ${name}, naming ${option}`, () => {
      assert.throws(
        () => resolveOptions({ url, endpointLimits: value as never }),
        (error: unknown) => error instanceof GitlabOptionError && error.option === option,
      );
    });
  }

  it("refuses an onRateLimit that is not a function", () => {
    assert.throws(
      () => resolveOptions({ url, onRateLimit: "log" as never }),
      (error: unknown) => error instanceof GitlabOptionError && error.option === "onRateLimit",
    );
  });
});
