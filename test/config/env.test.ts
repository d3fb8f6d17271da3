import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { optionsFromEnv } from "../../src/config.js";
import { expectConfigError, fixture, SECRET } from "./support.js";

describe("optionsFromEnv", () => {
  it("is empty without variables", () => {
    assert.deepEqual(optionsFromEnv({}), {});
  });

  it("reads GITLAB_URL and a private token under either name", () => {
    assert.deepEqual(optionsFromEnv({ GITLAB_URL: "https://g.example", GITLAB_TOKEN: "t1" }), {
      url: "https://g.example",
      privateToken: "t1",
    });
    assert.deepEqual(optionsFromEnv({ GITLAB_PRIVATE_TOKEN: "t2" }), { privateToken: "t2" });
    assert.deepEqual(optionsFromEnv({ GITLAB_PRIVATE_TOKEN: "t3", GITLAB_TOKEN: "t3" }), {
      privateToken: "t3",
    });
  });

  it("reads an OAuth token", () => {
    assert.deepEqual(optionsFromEnv({ GITLAB_OAUTH_TOKEN: "o" }), { oauthToken: "o" });
  });

  it("treats empty and blank variables as unset and trims values", () => {
    assert.deepEqual(
      optionsFromEnv({ GITLAB_URL: "", GITLAB_TOKEN: "  ", GITLAB_OAUTH_TOKEN: " o\n" }),
      {
        oauthToken: "o",
      },
    );
  });

  it("reads python-gitlab CLI's other variables; GITLAB_TIMEOUT is in seconds", () => {
    assert.deepEqual(
      optionsFromEnv({
        GITLAB_TIMEOUT: "12",
        GITLAB_PER_PAGE: "40",
        GITLAB_API_VERSION: "4",
        GITLAB_USER_AGENT: "ua/1",
        GITLAB_SSL_VERIFY: "false",
      }),
      {
        timeout: 12_000,
        perPage: 40,
        userAgent: "ua/1",
        tls: { rejectUnauthorized: false },
      },
    );
    assert.deepEqual(optionsFromEnv({ GITLAB_SSL_VERIFY: "yes" }), {});
    const { tls } = optionsFromEnv({ GITLAB_SSL_VERIFY: fixture("ca.pem") });
    assert.match(String(tls?.ca), /BEGIN CERTIFICATE/);
  });

  it("rejects invalid values, naming the variable", () => {
    expectConfigError(
      () => optionsFromEnv({ GITLAB_TIMEOUT: "soon" }),
      /^GITLAB_TIMEOUT: expected an integer, got "soon"/,
    );
    expectConfigError(
      () => optionsFromEnv({ GITLAB_PER_PAGE: "0" }),
      /^GITLAB_PER_PAGE: expected an integer from 1 to 100/,
    );
    expectConfigError(
      () => optionsFromEnv({ GITLAB_API_VERSION: "3" }),
      /^GITLAB_API_VERSION: only "4"/,
    );
    expectConfigError(
      () => optionsFromEnv({ GITLAB_SSL_VERIFY: "/nonexistent/ca.pem" }),
      /^GITLAB_SSL_VERIFY: cannot read the CA bundle/,
    );
  });

  it("refuses two different private tokens or two auth methods, without quoting them", () => {
    expectConfigError(
      () => optionsFromEnv({ GITLAB_PRIVATE_TOKEN: SECRET, GITLAB_TOKEN: `${SECRET}-other` }),
      /GITLAB_PRIVATE_TOKEN and GITLAB_TOKEN are both set, to different tokens/,
    );
    expectConfigError(
      () => optionsFromEnv({ GITLAB_TOKEN: SECRET, GITLAB_OAUTH_TOKEN: SECRET }),
      /GITLAB_TOKEN and GITLAB_OAUTH_TOKEN are both set/,
    );
  });

  describe("in GitLab CI", () => {
    const ci = { GITLAB_CI: "true", CI_SERVER_URL: "https://ci.example", CI_JOB_TOKEN: "job" };

    it("uses CI_SERVER_URL and CI_JOB_TOKEN", () => {
      assert.deepEqual(optionsFromEnv(ci), { url: "https://ci.example", jobToken: "job" });
    });

    it("detects CI from CI_SERVER_URL and CI_JOB_TOKEN without GITLAB_CI", () => {
      assert.deepEqual(
        optionsFromEnv({ CI_SERVER_URL: "https://ci.example", CI_JOB_TOKEN: "job" }),
        {
          url: "https://ci.example",
          jobToken: "job",
        },
      );
    });

    it("ignores CI_* variables outside CI", () => {
      assert.deepEqual(optionsFromEnv({ CI_SERVER_URL: "https://ci.example" }), {});
      assert.deepEqual(optionsFromEnv({ CI_JOB_TOKEN: "job" }), {});
      assert.deepEqual(optionsFromEnv({ GITLAB_CI: "false", CI_JOB_TOKEN: "job" }), {});
    });

    it("needs CI_SERVER_URL to use the job token", () => {
      assert.deepEqual(optionsFromEnv({ GITLAB_CI: "true", CI_JOB_TOKEN: "job" }), {});
    });

    it("lets GITLAB_* tokens win over the job token", () => {
      assert.deepEqual(optionsFromEnv({ ...ci, GITLAB_TOKEN: "mine" }), {
        url: "https://ci.example",
        privateToken: "mine",
      });
      assert.deepEqual(optionsFromEnv({ ...ci, GITLAB_OAUTH_TOKEN: "o" }), {
        url: "https://ci.example",
        oauthToken: "o",
      });
    });

    it("lets GITLAB_URL win, and then sends the job token only if it is the CI server", () => {
      assert.deepEqual(optionsFromEnv({ ...ci, GITLAB_URL: "https://other.example" }), {
        url: "https://other.example",
      });
      assert.deepEqual(optionsFromEnv({ ...ci, GITLAB_URL: "https://CI.example/" }), {
        url: "https://CI.example/",
        jobToken: "job",
      });
    });
  });
});
