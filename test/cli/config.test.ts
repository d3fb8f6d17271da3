import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useSimulator } from "../helpers/simulator.js";
import { ADMIN_TOKEN, renderConfig, runCli } from "./support.js";

/** Who the CLI is authenticated as: the precedence tests read it from `GET /user`. */
function username(stdout: string): string {
  return (JSON.parse(stdout) as { username: string }).username;
}

describe("configuration: --gitlab, config files, environment and flags", () => {
  const s = useSimulator();
  const config = () => renderConfig("python-gitlab.cfg", s.sim.url);

  it("uses the python-gitlab section named by --gitlab", async () => {
    const result = await runCli(["--config-file", config(), "--gitlab", "alice", "api", "user"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(username(result.stdout), "alice");
  });

  it("uses [global] default when no section is named, from PYTHON_GITLAB_CFG too", async () => {
    const flag = await runCli(["--config-file", config(), "api", "user"]);
    assert.equal(flag.code, 0, flag.stderr);
    assert.equal(username(flag.stdout), "root");
    const env = await runCli(["--gitlab", "alice", "api", "user"], {
      env: { PYTHON_GITLAB_CFG: config() },
    });
    assert.equal(env.code, 0, env.stderr);
    assert.equal(username(env.stdout), "alice");
  });

  it("ranks flags over the environment over config files", async () => {
    const file = config();
    const envOverConfig = await runCli(["--config-file", file, "api", "user"], {
      env: { GITLAB_TOKEN: "glpat-simulator-alice" },
    });
    assert.equal(username(envOverConfig.stdout), "alice");
    const flagOverEnv = await runCli(
      ["--config-file", file, "--token", ADMIN_TOKEN, "api", "user"],
      { env: { GITLAB_TOKEN: "glpat-simulator-alice" } },
    );
    assert.equal(username(flagOverEnv.stdout), "root");
    // Option by option: GITLAB_URL replaces the [offline] section's unreachable url, while the
    // section's token, the only one given, is still the one sent.
    const urlFromEnv = await runCli(["--config-file", file, "--gitlab", "offline", "api", "user"], {
      env: { GITLAB_URL: s.sim.url },
    });
    assert.equal(urlFromEnv.code, 3, "the simulator does not know that token");
    assert.equal(s.sim.requests.at(-1)?.headers["private-token"], "glpat-offline-secret-value");
  });

  it("exits 2 naming the section or file that is missing", async () => {
    const section = await runCli(["--config-file", config(), "--gitlab", "nosuch", "api", "user"]);
    assert.equal(section.code, 2);
    assert.match(section.stderr, /section \[nosuch\] not found in .*python-gitlab\.cfg/);
    const file = await runCli(["--config-file", "/no/such.cfg", "api", "user"]);
    assert.equal(file.code, 2);
    assert.match(file.stderr, /\/no\/such\.cfg/);
  });
});
