import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useSimulator } from "../helpers/simulator.js";
import { renderConfig, runCli, runOn, type CliResult } from "./support.js";

const SECRET = "glpat-cli-secret-never-printed";

function assertNoSecret(result: CliResult, secret = SECRET): void {
  assert.ok(!result.stdout.includes(secret), `stdout shows the token:\n${result.stdout}`);
  assert.ok(!result.stderr.includes(secret), `stderr shows the token:\n${result.stderr}`);
}

describe("exit codes and error output", () => {
  const s = useSimulator({ tokens: { private: [SECRET] } });

  it("exits 2 on usage errors, with the message on stderr and nothing on stdout", async () => {
    for (const args of [
      ["no-such-command"],
      ["api"],
      ["api", "projects", "--no-such-flag"],
      ["api", "projects", "-f", "no-equals-sign"],
      ["api", "projects", "-H", "no colon"],
      ["api", "-X", "GET", "projects/1/uploads", "-F", "file=@test/fixtures/cli/upload.txt"],
      ["api", "projects", "-F", "file=@/no/such/file"],
      ["--timeout", "soon", "api", "projects"],
      ["simulator", "--rate-limit", "lots"],
    ]) {
      const result = await runOn(s.sim.url, args);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.equal(result.stdout, "", args.join(" "));
      assert.notEqual(result.stderr, "", args.join(" "));
    }
  });

  it("exits 0 for --help and --version, printed on stdout", async () => {
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: typed-gitlab/);
    assert.match(help.stdout, /Exit codes: 0 ok/);
    const api = await runCli(["api", "--help"]);
    assert.match(api.stdout, /--paginate/);
    const version = await runCli(["--version"]);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });

  it("exits 3 when GitLab answers non-2xx: body on stdout, message on stderr", async () => {
    const result = await runOn(s.sim.url, ["api", "projects/999"], {
      env: { GITLAB_TOKEN: SECRET },
    });
    assert.equal(result.code, 3);
    assert.deepEqual(JSON.parse(result.stdout), { message: "404 Project Not Found" });
    assert.match(
      result.stderr,
      /^typed-gitlab: GET http:\/\/127\.0\.0\.1:\d+\/api\/v4\/projects\/999: 404/,
    );
    assertNoSecret(result);
  });

  it("exits 3 on 401 without printing the token given as a flag", async () => {
    for (const flag of [["--token", `${SECRET}-wrong`], [`--token=${SECRET}-wrong`]]) {
      const result = await runCli([...flag, "--url", s.sim.url, "--debug", "api", "user"]);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /401/);
      assertNoSecret(result);
    }
  });

  it("exits 4 when GitLab cannot be reached or does not answer in time", async () => {
    const refused = await runCli([
      "--url",
      "http://127.0.0.1:9",
      "--token",
      SECRET,
      "api",
      "version",
    ]);
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(refused.stderr, /ECONNREFUSED/);
    assertNoSecret(refused);

    s.sim.inject({ kind: "slowHeaders", delayMs: 3000, path: "/api/v4/version" });
    const slow = await runOn(s.sim.url, ["--timeout", "0.3", "api", "version"], {
      env: { GITLAB_TOKEN: SECRET },
    });
    assert.equal(slow.code, 4, slow.stderr);
    assert.match(slow.stderr, /no complete response within 300 ms/);
    assertNoSecret(slow);
  });

  it("never prints a token given in a malformed header or in the environment", async () => {
    const header = await runOn(s.sim.url, ["api", "version", "-H", `PRIVATE-TOKEN ${SECRET}`]);
    assert.equal(header.code, 2);
    assertNoSecret(header);
    const conflicting = await runCli(["api", "version"], {
      env: { GITLAB_TOKEN: SECRET, GITLAB_OAUTH_TOKEN: `${SECRET}-oauth` },
    });
    assert.equal(conflicting.code, 2);
    assert.match(conflicting.stderr, /GITLAB_TOKEN and GITLAB_OAUTH_TOKEN are both set/);
    assertNoSecret(conflicting);
  });

  it("never prints a token from a config file, whatever fails", async () => {
    const config = renderConfig("python-gitlab.cfg", s.sim.url);
    for (const [section, code, token] of [
      ["revoked", 3, "glpat-simulator-revoked"],
      ["offline", 4, "glpat-offline-secret-value"],
    ] as const) {
      const result = await runCli([
        "--config-file",
        config,
        "--gitlab",
        section,
        "--debug",
        "api",
        "user",
      ]);
      assert.equal(result.code, code, `${section}: ${result.stderr}`);
      assertNoSecret(result, token);
    }
  });
});
