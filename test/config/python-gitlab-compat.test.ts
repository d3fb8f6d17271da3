import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { GitlabConfigError, optionsFromConfig } from "../../src/config.js";
import type { ConfiguredOptions } from "../../src/options.js";
import { cleanEnv, fixture } from "./support.js";

/**
 * Reads the same fixtures with python-gitlab's own GitlabConfigParser and compares. This test
 * needs python3 with python-gitlab importable (Debian/Ubuntu: `apt-get install python3-gitlab`;
 * elsewhere `pip install python-gitlab`). It fails, rather than skips, without it, so CI cannot
 * silently stop checking compatibility. The interpreter is $TYPED_GITLAB_PYTHON, else the first of
 * `python3` and `/usr/bin/python3` that can import gitlab (a pyenv or venv python3 on PATH often
 * cannot see Debian's package).
 */

interface Case {
  name: string | null;
  files: string[];
  /** python-gitlab accepts this but we refuse it on purpose (see docs/configuration.md). */
  weAreStricter?: boolean;
}

interface PythonResult {
  error?: string;
  url?: string | null;
  private_token?: string | null;
  oauth_token?: string | null;
  job_token?: string | null;
  api_version?: string;
  timeout?: number;
  ssl_verify?: boolean | string;
  per_page?: number | null;
  retry_transient_errors?: boolean;
  keep_base_url?: boolean | null;
  user_agent?: string | null;
}

const PYTHON = String.raw`
import json, sys
try:
    import gitlab, gitlab.config, gitlab.const
except ImportError as e:
    print(json.dumps({"missing": str(e)}))
    sys.exit(0)
out = []
for case in json.load(sys.stdin):
    try:
        c = gitlab.config.GitlabConfigParser(case["name"], case["files"])
        ua = None if c.user_agent == gitlab.const.USER_AGENT else c.user_agent
        out.append(dict(url=c.url, private_token=c.private_token, oauth_token=c.oauth_token,
                        job_token=c.job_token, api_version=c.api_version, timeout=c.timeout,
                        ssl_verify=c.ssl_verify, per_page=c.per_page,
                        retry_transient_errors=c.retry_transient_errors,
                        keep_base_url=getattr(c, "keep_base_url", None), user_agent=ua))
    except Exception as e:
        out.append({"error": type(e).__name__})
print(json.dumps({"version": gitlab.__version__, "results": out}))
`;

const f = fixture;
const cases: Case[] = [
  { name: null, files: [f("global-instances.cfg")] },
  { name: "public", files: [f("global-instances.cfg")] },
  { name: "oauth", files: [f("global-instances.cfg")] },
  { name: "ci", files: [f("global-instances.cfg")] },
  { name: null, files: [f("syntax.cfg")] },
  { name: "percent", files: [f("syntax.cfg")] },
  { name: null, files: [f("multi/system.cfg"), f("multi/user.cfg")] },
  { name: "system-only", files: [f("multi/system.cfg"), f("multi/user.cfg")] },
  { name: "only", files: [f("no-default.cfg")] },
  { name: "ca", files: [f("invalid-values.cfg")] },
  { name: null, files: [f("helper.cfg")] },
  { name: "helper-oauth", files: [f("helper.cfg")] },
  // Both refuse these.
  { name: "nope", files: [f("global-instances.cfg")] },
  { name: null, files: [f("no-default.cfg")] },
  { name: null, files: [f("malformed.cfg")] },
  { name: null, files: [f("duplicate-section.cfg")] },
  { name: null, files: [f("duplicate-key.cfg")] },
  { name: null, files: [f("key-before-section.cfg")] },
  { name: null, files: [f("bad-global.cfg")] },
  { name: "bad-bool", files: [f("invalid-values.cfg")] },
  { name: "bad-int", files: [f("invalid-values.cfg")] },
  { name: "bad-per-page", files: [f("invalid-values.cfg")] },
  { name: "bad-api-version", files: [f("invalid-values.cfg")] },
  { name: "bad-percent-token", files: [f("invalid-values.cfg")] },
  { name: "no-url", files: [f("invalid-values.cfg")] },
  { name: "failing", files: [f("helper.cfg")] },
  // python-gitlab's parser accepts these; we refuse them on purpose.
  { name: "two-tokens", files: [f("invalid-values.cfg")], weAreStricter: true },
  { name: "bad-ca", files: [f("invalid-values.cfg")], weAreStricter: true },
  { name: "empty", files: [f("helper.cfg")], weAreStricter: true },
];

/** Our options in python-gitlab's terms, with its defaults filled in. */
function asPython(options: ConfiguredOptions): PythonResult {
  const tls = options.tls;
  const sslVerify =
    tls === undefined ? true : tls.rejectUnauthorized === false ? false : String(tls.ca);
  return {
    url: options.url ?? null,
    private_token: options.privateToken ?? null,
    oauth_token: options.oauthToken ?? null,
    job_token: options.jobToken ?? null,
    api_version: "4",
    timeout: (options.timeout ?? Number.NaN) / 1000,
    ssl_verify: sslVerify,
    per_page: options.perPage ?? null,
    retry_transient_errors: options.retryTransientErrors ?? false,
    keep_base_url: options.keepBaseUrl ?? false,
    user_agent: options.userAgent ?? null,
  };
}

function runPython(): { version: string; results: PythonResult[] } {
  const hint =
    "install python-gitlab for this test (apt-get install python3-gitlab, or pip install python-gitlab)";
  const override = process.env.TYPED_GITLAB_PYTHON;
  const interpreters =
    override !== undefined && override !== "" ? [override] : ["python3", "/usr/bin/python3"];
  const problems: string[] = [];
  for (const python of interpreters) {
    const run = spawnSync(python, ["-c", PYTHON], {
      input: JSON.stringify(cases),
      env: cleanEnv(),
      encoding: "utf8",
      timeout: 60_000,
    });
    if (run.error !== undefined || run.status !== 0) {
      problems.push(`${python}: ${run.error === undefined ? run.stderr : String(run.error)}`);
      continue;
    }
    const parsed = JSON.parse(run.stdout) as {
      missing?: string;
      version: string;
      results: PythonResult[];
    };
    if (parsed.missing === undefined) return parsed;
    problems.push(`${python}: ${parsed.missing}`);
  }
  assert.fail(`python-gitlab is not importable (${problems.join("; ")}); ${hint}`);
}

describe("compatibility with python-gitlab's GitlabConfigParser", () => {
  it("reads every fixture as python-gitlab does", () => {
    const python = runPython();
    cases.forEach((c, i) => {
      const theirs = python.results[i];
      const label = `${c.name ?? "(default)"} in ${c.files.map((file) => file.replace(fixture(""), "")).join(", ")} (python-gitlab ${python.version})`;
      let ours: PythonResult;
      try {
        ours = asPython(optionsFromConfig(c.name ?? undefined, c.files, { env: cleanEnv() }));
      } catch (error) {
        assert.ok(error instanceof GitlabConfigError, `${label}: ${String(error)}`);
        ours = { error: "GitlabConfigError" };
      }
      if (c.weAreStricter === true) {
        assert.equal(
          theirs?.error,
          undefined,
          `${label}: python-gitlab now refuses this too; drop weAreStricter`,
        );
        assert.equal(ours.error, "GitlabConfigError", `${label}: expected us to refuse it`);
        return;
      }
      if (theirs?.error !== undefined) {
        assert.equal(
          ours.error,
          "GitlabConfigError",
          `${label}: python-gitlab raised ${theirs.error}, we did not`,
        );
        return;
      }
      assert.ok(theirs !== undefined, `${label}: no result from python`);
      const expected: PythonResult = { ...theirs };
      // python-gitlab hands a CA bundle path to requests; we read it into PEM text.
      if (typeof expected.ssl_verify === "string")
        expected.ssl_verify = readFileSync(expected.ssl_verify, "utf8");
      // Older python-gitlab (Debian's 3.x) does not know keep_base_url.
      if (expected.keep_base_url === null) expected.keep_base_url = ours.keep_base_url ?? false;
      assert.deepEqual(ours, expected, label);
    });
  });
});
