// Token providers: asked when a token is first needed, once more after a 401, and a failure named
// by the option, never by the token.

import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import { Gitlab, GitlabAuthenticationError, GitlabTokenError } from "../../src/index.js";
import { ADMIN_TOKEN, client, recordingLogger, useSimulator } from "../helpers/simulator.js";

describe("token providers", () => {
  const ctx = useSimulator();

  it("asks the provider once and keeps its token", async () => {
    let calls = 0;
    const gl = client(ctx.sim, { privateToken: () => (calls++, ADMIN_TOKEN) });
    await gl.httpGet("/projects/1");
    await gl.httpGet("/projects/2");
    assert.equal(calls, 1);
  });

  it("after a 401 asks again once and resends with the new token", async () => {
    const handedOut = ["glpat-revoked-token-000", ADMIN_TOKEN];
    let calls = 0;
    const gl = client(ctx.sim, { privateToken: async () => handedOut[calls++]! });
    ctx.sim.reset();
    const project = await gl.httpGet<{ id: number }>("/projects/1");
    assert.equal(project.id, 1);
    assert.equal(calls, 2);
    assert.deepEqual(
      ctx.sim.requests.map((r) => r.headers["private-token"]),
      ["glpat-revoked-token-000", ADMIN_TOKEN],
    );
  });

  it("a second 401 is thrown, the provider asked only once more", async () => {
    let calls = 0;
    const gl = client(ctx.sim, { privateToken: () => `glpat-wrong-${calls++}-abcdefgh` });
    const error = await gl.httpGet("/projects/1").catch((e: unknown) => e);
    assert.ok(error instanceof GitlabAuthenticationError, String(error));
    assert.equal(calls, 2);
    assert.ok(!inspect(error).includes("glpat-wrong-"), "provider tokens are redacted");
  });

  it("a provider that throws fails the call with GitlabTokenError naming the option", async () => {
    const logger = recordingLogger();
    const gl = new Gitlab({
      url: ctx.sim.url,
      logger,
      oauthToken: () => {
        throw new Error("vault said glpat-leaked-secret");
      },
    });
    const error = await gl.httpGet("/projects/1").catch((e: unknown) => e);
    assert.ok(error instanceof GitlabTokenError, String(error));
    assert.equal(error.option, "oauthToken");
    assert.ok(!inspect(error).includes("glpat-leaked-secret"));
  });

  it("a provider handing out a non-token fails naming the option, not the value", async () => {
    const gl = new Gitlab({ url: ctx.sim.url, jobToken: () => "has space" });
    const error = await gl.httpGet("/projects/1").catch((e: unknown) => e);
    assert.ok(error instanceof GitlabTokenError, String(error));
    assert.equal(error.option, "jobToken");
    assert.match(error.message, /U\+0020/);
    assert.ok(!error.message.includes("has space"));
  });
});
