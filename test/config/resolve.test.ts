import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveOptions } from "../../src/config.js";
import { cleanEnv, expectConfigError, fixture, SECRET } from "./support.js";

const instances = [fixture("global-instances.cfg")];
const ci = { GITLAB_CI: "true", CI_SERVER_URL: "https://ci.example", CI_JOB_TOKEN: "job" };

describe("resolveOptions", () => {
  it("is empty with no sources", () => {
    assert.deepEqual(resolveOptions({ env: cleanEnv() }), {});
  });

  it("takes each option from flags, then GITLAB_* variables, then config files", () => {
    const options = resolveOptions({
      flags: { perPage: 5, url: undefined },
      env: cleanEnv({ GITLAB_URL: "https://env.example", GITLAB_TIMEOUT: "2" }),
      configFiles: instances,
    });
    assert.deepEqual(options, {
      perPage: 5,
      url: "https://env.example",
      timeout: 2_000,
      retryTransientErrors: true,
      userAgent: "migrated-from-python-gitlab",
      privateToken: SECRET,
    });
  });

  it("takes auth as a unit from the highest source that has a token", () => {
    const env = cleanEnv({ GITLAB_OAUTH_TOKEN: "env-oauth" });
    const fromEnv = resolveOptions({ env, configFiles: instances });
    assert.equal(fromEnv.oauthToken, "env-oauth");
    assert.equal(fromEnv.privateToken, undefined);

    const fromFlags = resolveOptions({
      flags: { jobToken: "flag-job" },
      env,
      configFiles: instances,
    });
    assert.deepEqual(
      [fromFlags.jobToken, fromFlags.oauthToken, fromFlags.privateToken],
      ["flag-job", undefined, undefined],
    );
  });

  it("refuses two tokens in flags, without quoting them", () => {
    expectConfigError(
      () =>
        resolveOptions({ flags: { privateToken: SECRET, oauthToken: SECRET }, env: cleanEnv() }),
      /^flags: privateToken and oauthToken are both set/,
    );
  });

  it("does not run a config token helper when a higher source has a token", () => {
    const options = resolveOptions({
      env: cleanEnv({ GITLAB_TOKEN: "env" }),
      configName: "failing",
      configFiles: [fixture("helper.cfg")],
    });
    assert.equal(options.privateToken, "env");
    assert.equal(options.url, "https://helper.example");
  });

  it("reads a named instance and PYTHON_GITLAB_CFG", () => {
    const env = cleanEnv({ PYTHON_GITLAB_CFG: fixture("global-instances.cfg") });
    assert.equal(resolveOptions({ env, configName: "oauth" }).oauthToken, SECRET);
  });

  it("skips config files nobody asked for when they are missing or have no default", () => {
    assert.deepEqual(resolveOptions({ env: cleanEnv({ GITLAB_TOKEN: "t" }) }), {
      privateToken: "t",
    });
  });

  it("fails on config files that were asked for", () => {
    expectConfigError(
      () => resolveOptions({ env: cleanEnv(), configName: "prod" }),
      /no python-gitlab config file found for \[prod\]/,
    );
    expectConfigError(
      () => resolveOptions({ env: cleanEnv(), configFiles: [fixture("no-default.cfg")] }),
      /no instance named and no "default" key/,
    );
    expectConfigError(
      () =>
        resolveOptions({
          env: cleanEnv(),
          configName: "failing",
          configFiles: [fixture("helper.cfg")],
        }),
      /\[failing\] private_token: token helper "sh" exited with status 3/,
    );
  });

  describe("with GitLab CI variables", () => {
    it("ranks CI_* below config files, as python-gitlab does", () => {
      const options = resolveOptions({
        env: cleanEnv(ci),
        configName: "public",
        configFiles: instances,
      });
      assert.equal(options.url, "https://gitlab.com");
      assert.equal(
        options.jobToken,
        undefined,
        "the CI job token must not go to the config's instance",
      );
    });

    it("uses the CI server and job token when nothing else is configured", () => {
      assert.deepEqual(resolveOptions({ env: cleanEnv(ci) }), {
        url: "https://ci.example",
        jobToken: "job",
      });
    });

    it("pairs the job token with a url from a higher source only if it is the CI server", () => {
      assert.deepEqual(
        resolveOptions({ flags: { url: "https://ci.example/" }, env: cleanEnv(ci) }),
        {
          url: "https://ci.example/",
          jobToken: "job",
        },
      );
      assert.deepEqual(
        resolveOptions({ flags: { url: "https://elsewhere.example" }, env: cleanEnv(ci) }),
        {
          url: "https://elsewhere.example",
        },
      );
    });

    it("lets any explicit token win over the job token", () => {
      const options = resolveOptions({ env: cleanEnv({ ...ci, GITLAB_TOKEN: "mine" }) });
      assert.deepEqual(options, { url: "https://ci.example", privateToken: "mine" });
    });
  });
});
