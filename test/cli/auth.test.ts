import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useSimulator } from "../helpers/simulator.js";
import { startProxy } from "../network/support.js";
import { runCli, runOn } from "./support.js";

describe("typed-gitlab auth status", () => {
  const ctx = useSimulator();

  it("prints who the token is and the instance version", async () => {
    const result = await runOn(ctx.sim.url, ["auth", "status"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^${ctx.sim.url}: logged in as root \\(.+\\), id 1\\n`));
    assert.match(result.stdout, /^GitLab \d+\.\d+\S*/m);
    assert.equal(result.stderr, "");
  });

  it("warns on stderr when GitLab's URL for itself is another origin", async () => {
    const url = ctx.sim.url.replace("127.0.0.1", "localhost");
    const result = await runOn(url, ["auth", "status"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^typed-gitlab: warning: GitLab says this user's web_url is on/);
  });

  it("exits 3 for a token GitLab refuses, 4 when the proxy refuses, never printing the proxy password", async (t) => {
    const refused = await runOn(ctx.sim.url, ["auth", "status"], {
      env: { GITLAB_TOKEN: "glpat-not-a-token" },
    });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /401/);

    const proxy = await startProxy({ user: "alice", password: "right-password" });
    t.after(proxy.close);
    const viaProxy = await runOn(ctx.sim.url, ["auth", "status"], {
      env: { HTTP_PROXY: `http://alice:wrong-password@127.0.0.1:${proxy.port}` },
    });
    assert.equal(viaProxy.code, 4);
    assert.match(viaProxy.stderr, new RegExp(`the proxy ${proxy.url} asked for credentials`));
    assert.ok(!viaProxy.stderr.includes("wrong-password"));

    const through = await runCli(["auth", "status", "--url", ctx.sim.url], {
      env: {
        GITLAB_TOKEN: "glpat-simulator-token",
        HTTP_PROXY: `http://alice:right-password@127.0.0.1:${proxy.port}`,
      },
    });
    assert.equal(through.code, 0, through.stderr);
    assert.ok(proxy.requests.includes(`GET ${ctx.sim.url}/api/v4/user`));
  });
});
