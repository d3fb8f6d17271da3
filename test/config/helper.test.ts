import assert from "node:assert/strict";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { optionsFromConfig } from "../../src/config.js";
import { expandUser, expandVars, shellSplit } from "../../src/config/helper.js";
import { cleanEnv, expectConfigError, fixture } from "./support.js";

const files = [fixture("helper.cfg")];
const read = (name: string | undefined, env = cleanEnv(), helperTimeoutMs?: number) =>
  optionsFromConfig(name, files, {
    env,
    ...(helperTimeoutMs === undefined ? {} : { helperTimeoutMs }),
  });

describe("token helpers", () => {
  it("replaces the token by the helper's output ($VAR expanded, no shell)", () => {
    assert.deepEqual(read(undefined), {
      url: "https://helper.example",
      privateToken: "secret-from-helper",
      timeout: 60_000,
    });
  });

  it("accepts the prefix in any case and quoted ${VAR} arguments", () => {
    assert.equal(read("helper-oauth").oauthToken, "secret-from-helper");
  });

  it("expands ~ to HOME and runs an executable directly", () => {
    const home = mkdtempSync(join(tmpdir(), "typed-gitlab-helper-"));
    after(() => rmSync(home, { recursive: true, force: true }));
    mkdirSync(join(home, "bin"));
    copyFileSync(fixture("token-helper.sh"), join(home, "bin", "token-helper"));
    chmodSync(join(home, "bin", "token-helper"), 0o755);
    assert.equal(read("helper-home", cleanEnv({ HOME: home })).jobToken, "secret-from-helper");
  });

  it("reports a failing helper with file, section, key and exit status, never its output or arguments", () => {
    const error = expectConfigError(
      () => read("failing"),
      /helper\.cfg:19: \[failing\] private_token: token helper "sh" exited with status 3$/,
    );
    assert.equal(error.key, "private_token");
    assert.equal(error.section, "failing");
  });

  it("reports a helper that is not found", () => {
    expectConfigError(
      () => read("not-found"),
      /\[not-found\] private_token: token helper "\/nonexistent\/typed-gitlab-helper" was not found$/,
    );
  });

  it("reports a helper that takes too long", () => {
    expectConfigError(
      () => read("slow", cleanEnv(), 300),
      /\[slow\] private_token: token helper "sh" did not finish within 300 ms$/,
    );
  });

  it("reports a helper that prints nothing", () => {
    expectConfigError(
      () => read("empty"),
      /\[empty\] private_token: token helper "sh" printed nothing$/,
    );
  });

  it("reports an unbalanced quote without quoting the command line", () => {
    expectConfigError(
      () => read("unbalanced"),
      /\[unbalanced\] private_token: bad token helper command line: no closing quotation$/,
    );
  });
});

describe("helper command lines", () => {
  it("splits like shlex.split", () => {
    assert.deepEqual(shellSplit(`a  'b c' "d \\"e\\" \\n" f\\ g '' h"i"j`), [
      "a",
      "b c",
      'd "e" \\n',
      "f g",
      "",
      "hij",
    ]);
    assert.deepEqual(shellSplit("  "), []);
    assert.throws(() => shellSplit(`"open`), /no closing quotation/);
    assert.throws(() => shellSplit(`trailing\\`), /no escaped character/);
  });

  it("expands variables like os.path.expandvars, leaving unknown ones", () => {
    assert.equal(expandVars("$A/${B}/$C/${}", { A: "1", B: "2" }), "1/2/$C/${}");
  });

  it("expands ~ and ~/ only", () => {
    assert.equal(expandUser("~", "/h"), "/h");
    assert.equal(expandUser("~/x", "/h/"), "/h/x");
    assert.equal(expandUser("~other/x", "/h"), "~other/x");
    assert.equal(expandUser("a~", "/h"), "a~");
  });
});
