import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Gitlab, GitlabOptionError } from "../../src/index.js";
import type { GitlabOptions } from "../../src/index.js";

describe("new Gitlab(options)", () => {
  it("defaults to gitlab.com and API v4", () => {
    const gl = new Gitlab();
    assert.equal(gl.url, "https://gitlab.com");
    assert.equal(gl.apiUrl, "https://gitlab.com/api/v4");
  });

  it("tolerates a trailing slash and keeps a relative URL root", () => {
    assert.equal(
      new Gitlab({ url: "https://git.example.com/" }).apiUrl,
      "https://git.example.com/api/v4",
    );
    assert.equal(
      new Gitlab({ url: "https://example.com/gitlab//" }).apiUrl,
      "https://example.com/gitlab/api/v4",
    );
  });

  const bad: Array<[string, GitlabOptions]> = [
    ["url", { url: "not a url" }],
    ["url", { url: "ftp://example.com" }],
    ["url", { url: "https://user:pw@example.com" }],
    ["timeout", { timeout: -5 }],
    ["timeout", { timeout: 1.5 }],
    ["maxRetries", { maxRetries: -2 }],
    ["perPage", { perPage: 101 }],
    ["perPage", { perPage: 0 }],
    ["obeyRateLimit", { obeyRateLimit: "yes" as unknown as boolean }],
    ["privateToken, jobToken", { privateToken: "a", jobToken: "b" }],
    ["oauthToken", { oauthToken: "" }],
    ["privateToken", { privateToken: "abc\r\nX-Evil: 1" }],
    ["userAgent", { userAgent: "" }],
    ["maxConcurrency", { maxConcurrency: 0 }],
    ["checkResponses", { checkResponses: "error" as "warn" }],
    ["checkResponses", { checkResponses: true as unknown as "warn" }],
    ["privatetoken", { privatetoken: "x" } as GitlabOptions],
  ];
  for (const [option, options] of bad) {
    it(`rejects a bad ${option}, naming it`, () => {
      assert.throws(
        () => new Gitlab(options),
        (error: unknown) =>
          error instanceof GitlabOptionError &&
          error.option === option &&
          error.message.includes(option),
      );
    });
  }

  it('accepts checkResponses "warn" and false', () => {
    assert.doesNotThrow(() => new Gitlab({ checkResponses: "warn" }));
    assert.doesNotThrow(() => new Gitlab({ checkResponses: false }));
  });

  it("accepts maxRetries -1 (retry forever)", () => {
    assert.doesNotThrow(() => new Gitlab({ maxRetries: -1 }));
  });

  it("warns when TLS verification is turned off", () => {
    const warnings: string[] = [];
    new Gitlab({
      url: "https://git.internal",
      tls: { rejectUnauthorized: false },
      logger: { debug: () => {}, warn: (m) => warnings.push(m) },
    });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /verification is disabled for https:\/\/git\.internal/);
  });

  it("refuses a misspelt per-request option before sending anything", async () => {
    const gl = new Gitlab({ url: "http://127.0.0.1:9" });
    const options = { retryTransientError: true } as unknown as { timeout: number };
    await assert.rejects(gl.httpGet("/projects", options), (error: unknown) => {
      assert.ok(error instanceof GitlabOptionError);
      assert.equal(error.option, "retryTransientError");
      return true;
    });
    await assert.rejects(gl.httpList("/projects", { getAll: true, ...options }), {
      name: "GitlabOptionError",
      option: "retryTransientError",
    });
  });
});
