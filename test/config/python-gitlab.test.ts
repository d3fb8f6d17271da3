import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { optionsFromConfig } from "../../src/config.js";
import { cleanEnv, expectConfigError, fixture, SECRET } from "./support.js";

const context = { env: cleanEnv() };
const read = (name: string | undefined, file: string) =>
  optionsFromConfig(name, [fixture(file)], context);

describe("optionsFromConfig: values", () => {
  it("reads the [global] default instance, instance values overriding [global]", () => {
    assert.deepEqual(read(undefined, "global-instances.cfg"), {
      url: "https://gitlab.work.example",
      privateToken: SECRET,
      timeout: 30_000,
      perPage: 20,
      retryTransientErrors: true,
      userAgent: "migrated-from-python-gitlab",
    });
  });

  it("reads a named instance; booleans are case-insensitive", () => {
    assert.deepEqual(read("public", "global-instances.cfg"), {
      url: "https://gitlab.com",
      timeout: 10_000,
      perPage: 20,
      retryTransientErrors: false,
      keepBaseUrl: true,
      userAgent: "migrated-from-python-gitlab",
      tls: { rejectUnauthorized: false },
    });
  });

  it("reads OAuth and job tokens", () => {
    assert.equal(read("oauth", "global-instances.cfg").oauthToken, SECRET);
    const ci = read("ci", "global-instances.cfg");
    assert.equal(ci.jobToken, SECRET);
    assert.equal(ci.privateToken, undefined);
    assert.equal(ci.perPage, 100);
    assert.equal(ci.url, "https://ci.example/gitlab/");
  });

  it("defaults the timeout to python-gitlab's 60 seconds", () => {
    assert.equal(read("only", "no-default.cfg").timeout, 3_000);
    assert.deepEqual(read("shared", "multi/user.cfg"), {
      url: "https://user.example",
      privateToken: SECRET,
      timeout: 60_000,
    });
  });

  it("understands comments, continuations, key case, [DEFAULT] and interpolation", () => {
    assert.deepEqual(read(undefined, "syntax.cfg"), {
      url: "https://syntax.example/gitlab",
      privateToken: SECRET,
      timeout: 7_000,
      perPage: 25,
      userAgent: "first line\nsecond line\n\nfourth line after a blank one",
      tls: { rejectUnauthorized: false },
    });
    assert.deepEqual(read("percent", "syntax.cfg"), {
      url: "https://percent.example/100%",
      timeout: 60_000,
      userAgent: "50% of syntax.example",
    });
  });

  it("reads a CA bundle path in ssl_verify", () => {
    const { tls } = read("ca", "invalid-values.cfg");
    assert.deepEqual(Object.keys(tls ?? {}), ["ca"]);
    assert.match(String(tls?.ca), /^-----BEGIN CERTIFICATE-----\nMIIBfixture/);
  });

  it("reads several files into one: later files override key by key", () => {
    const files = [fixture("multi/system.cfg"), fixture("multi/user.cfg")];
    assert.deepEqual(optionsFromConfig(undefined, files, context), {
      url: "https://user.example",
      privateToken: SECRET,
      timeout: 11_000,
      perPage: 10,
      userAgent: "from-system",
    });
    assert.equal(
      optionsFromConfig("system-only", files, context).url,
      "https://system-only.example",
    );
    assert.equal(optionsFromConfig("user-only", files, context).url, "https://user-only.example");
  });
});

describe("optionsFromConfig: which files", () => {
  const home = mkdtempSync(join(tmpdir(), "typed-gitlab-config-"));
  after(() => rmSync(home, { recursive: true, force: true }));

  it("uses PYTHON_GITLAB_CFG when no files are given (an empty list counts as none)", () => {
    const env = cleanEnv({ PYTHON_GITLAB_CFG: fixture("global-instances.cfg") });
    assert.equal(optionsFromConfig("public", undefined, { env }).url, "https://gitlab.com");
    assert.equal(optionsFromConfig("public", [], { env }).url, "https://gitlab.com");
  });

  it("prefers explicit files to PYTHON_GITLAB_CFG", () => {
    const env = cleanEnv({ PYTHON_GITLAB_CFG: "/nonexistent/python-gitlab.cfg" });
    assert.equal(
      optionsFromConfig("only", [fixture("no-default.cfg")], { env }).url,
      "https://only.example",
    );
  });

  it("falls back to ~/.python-gitlab.cfg (HOME respected)", (t) => {
    if (existsSync("/etc/python-gitlab.cfg")) {
      t.skip("/etc/python-gitlab.cfg exists on this machine and would be merged in");
      return;
    }
    writeFileSync(
      join(home, ".python-gitlab.cfg"),
      "[global]\ndefault = home\n[home]\nurl = https://home.example\n",
    );
    assert.equal(
      optionsFromConfig(undefined, undefined, { env: cleanEnv({ HOME: home }) }).url,
      "https://home.example",
    );
  });

  it("fails when no file is found, listing where it looked", () => {
    const error = expectConfigError(
      () => optionsFromConfig(undefined, undefined, context),
      /no python-gitlab config file found; looked for \/etc\/python-gitlab\.cfg, \/nonexistent-home\/\.python-gitlab\.cfg/,
    );
    assert.equal(error.file, undefined);
    expectConfigError(
      () => optionsFromConfig("prod", undefined, context),
      /no python-gitlab config file found for \[prod\]/,
    );
  });

  it("fails when an explicit file or PYTHON_GITLAB_CFG does not exist", () => {
    expectConfigError(
      () =>
        optionsFromConfig(
          undefined,
          [fixture("global-instances.cfg"), "/nonexistent/a.cfg"],
          context,
        ),
      /^config file \/nonexistent\/a\.cfg, which does not exist or is not a file/,
    );
    const env = cleanEnv({ PYTHON_GITLAB_CFG: "/nonexistent/b.cfg" });
    expectConfigError(
      () => optionsFromConfig(undefined, undefined, { env }),
      /^PYTHON_GITLAB_CFG names \/nonexistent\/b\.cfg/,
    );
    mkdirSync(join(home, "dir.cfg"));
    expectConfigError(
      () => optionsFromConfig(undefined, [join(home, "dir.cfg")], context),
      /is not a file/,
    );
  });
});

describe("optionsFromConfig: errors", () => {
  it("reports a malformed file with file and line, without the line's text", () => {
    const error = expectConfigError(
      () => read(undefined, "malformed.cfg"),
      /malformed\.cfg:7: malformed line/,
    );
    assert.equal(error.line, 7);
    assert.equal(error.file, fixture("malformed.cfg"));
    for (const file of ["duplicate-section.cfg", "duplicate-key.cfg", "key-before-section.cfg"]) {
      expectConfigError(
        () => read(undefined, file),
        new RegExp(`${file.replace(".", "\\.")}:\\d+: `),
      );
    }
  });

  it("reports a missing section with the files searched", () => {
    const files = [fixture("multi/system.cfg"), fixture("multi/user.cfg")];
    const error = expectConfigError(
      () => optionsFromConfig("nope", files, context),
      /^section \[nope\] not found in .*multi\/system\.cfg, .*multi\/user\.cfg$/,
    );
    assert.equal(error.section, "nope");
  });

  it("reports a [global] default naming a missing section", () => {
    writeFileSync(join(tmpdir(), "typed-gitlab-dangling.cfg"), "[global]\ndefault = gone\n");
    try {
      expectConfigError(
        () => optionsFromConfig(undefined, [join(tmpdir(), "typed-gitlab-dangling.cfg")], context),
        /^section \[gone\] \(the \[global\] default\) not found/,
      );
    } finally {
      rmSync(join(tmpdir(), "typed-gitlab-dangling.cfg"));
    }
  });

  it("reports a missing [global] default when no instance is named", () => {
    expectConfigError(
      () => read(undefined, "no-default.cfg"),
      /no instance named and no "default" key in the \[global\] section/,
    );
  });

  it("reports a missing url", () => {
    const error = expectConfigError(
      () => read("no-url", "invalid-values.cfg"),
      /^section \[no-url\] has no url/,
    );
    assert.equal(error.key, "url");
  });

  const invalid: [string, RegExp][] = [
    [
      "bad-bool",
      /invalid-values\.cfg:7: \[bad-bool\] retry_transient_errors: expected a boolean .*, got "maybe"$/,
    ],
    [
      "bad-keep-base-url",
      /:11: \[bad-keep-base-url\] keep_base_url: expected a boolean .*, got "2"$/,
    ],
    ["bad-int", /:15: \[bad-int\] timeout: expected an integer, got "soon"$/],
    ["bad-per-page", /:19: \[bad-per-page\] per_page: expected an integer from 1 to 100, got 500$/],
    [
      "bad-api-version",
      /:23: \[bad-api-version\] api_version: only API version "4" is supported, got "3"$/,
    ],
    [
      "two-tokens",
      /^section \[two-tokens\] sets private_token and oauth_token; set only one token/,
    ],
    [
      "bad-percent-token",
      /:35: \[bad-percent-token\] private_token: '%' must be followed by '%' or '\(name\)s'; write/,
    ],
    [
      "bad-ca",
      /:39: \[bad-ca\] ssl_verify: cannot read the CA bundle "test\/fixtures\/config\/does-not-exist\.pem" \(ENOENT\)$/,
    ],
  ];
  for (const [section, pattern] of invalid) {
    it(`reports [${section}] with file, line, section, key and (non-secret) value`, () => {
      const error = expectConfigError(() => read(section, "invalid-values.cfg"), pattern);
      assert.equal(error.section, section);
    });
  }

  it("validates a [global] value even when the instance overrides it, as python-gitlab does", () => {
    expectConfigError(
      () => read(undefined, "bad-global.cfg"),
      /bad-global\.cfg:4: \[global\] retry_transient_errors: expected a boolean .*"sometimes"/,
    );
  });

  it("is a GitlabConfigError carrying where, never what", () => {
    const error = expectConfigError(() => read("bad-int", "invalid-values.cfg"));
    assert.deepEqual(
      { file: error.file, line: error.line, section: error.section, key: error.key },
      { file: fixture("invalid-values.cfg"), line: 15, section: "bad-int", key: "timeout" },
    );
    assert.ok(error instanceof Error);
  });
});
