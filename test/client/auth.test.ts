import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Gitlab, GitlabAuthenticationError } from "../../src/index.js";
import { ADMIN_TOKEN, client, recordingLogger, useSimulator } from "../helpers/simulator.js";

describe("gl.auth() and gl.version()", () => {
  const ctx = useSimulator();

  it("auth() returns the token's user; version() the instance version", async () => {
    const logger = recordingLogger();
    const gl = client(ctx.sim, { logger });
    const user = await gl.auth();
    assert.equal(user.username, "root");
    assert.equal(typeof user.id, "number");
    assert.equal(ctx.sim.requests.at(-1)?.path, "/api/v4/user");
    const version = await gl.version();
    assert.match(version.version ?? "", /^\d+\.\d+/);
    assert.equal(ctx.sim.requests.at(-1)?.path, "/api/v4/version");
    assert.deepEqual(logger.warnings, []);
  });

  it("auth() warns when the user's web_url is on another origin than the configured URL", async () => {
    const logger = recordingLogger();
    // The simulator's external URL is 127.0.0.1; reaching it as localhost plays a misconfigured external_url.
    const url = ctx.sim.url.replace("127.0.0.1", "localhost");
    const gl = new Gitlab({ url, privateToken: ADMIN_TOKEN, logger });
    assert.equal((await gl.auth()).username, "root");
    assert.equal(logger.warnings.length, 1);
    assert.match(
      logger.warnings[0] ?? "",
      new RegExp(`web_url is on ${ctx.sim.url}, not on the configured ${url}.*external_url`),
    );
  });

  it("auth() with a bad token is a GitlabAuthenticationError", async () => {
    await assert.rejects(
      client(ctx.sim, { privateToken: "glpat-not-a-token" }).auth(),
      GitlabAuthenticationError,
    );
  });
});
