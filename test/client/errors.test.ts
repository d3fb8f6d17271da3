import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import {
  Gitlab,
  GitlabAuthenticationError,
  GitlabError,
  GitlabHttpError,
  GitlabParsingError,
  GitlabRedirectError,
} from "../../src/index.js";
import { startSimulator } from "../../src/simulator/index.js";
import { client, recordingLogger, useSimulator } from "../helpers/simulator.js";

const PROJECT = "/api/v4/projects/1";

function assertNoSecret(error: unknown, secret: string): void {
  assert.ok(error instanceof GitlabError);
  for (const text of [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
  ]) {
    assert.ok(!text.includes(secret), `secret leaked into: ${text.slice(0, 300)}`);
  }
}

describe("errors", () => {
  const ctx = useSimulator();

  it("401 is a GitlabAuthenticationError, and the token appears nowhere in it", async () => {
    const secret = "glpat-wrong-token-9f8e7d";
    const error = await client(ctx.sim, { privateToken: secret })
      .httpGet("/user")
      .catch((e: unknown) => e);
    assert.ok(error instanceof GitlabAuthenticationError);
    assert.ok(error instanceof GitlabHttpError);
    assert.equal(error.responseCode, 401);
    assert.equal(error.errorMessage, "401 Unauthorized");
    assertNoSecret(error, secret);
  });

  it("a GitlabHttpError carries the code, GitLab's message, the body, method and URL", async () => {
    const { sim } = ctx;
    const error = await client(sim)
      .httpGet("/projects/987654")
      .catch((e: unknown) => e);
    assert.ok(error instanceof GitlabHttpError);
    assert.equal(error.responseCode, 404);
    assert.equal(error.errorMessage, "404 Project Not Found");
    assert.deepEqual(JSON.parse(error.responseBody), { message: "404 Project Not Found" });
    assert.equal(error.method, "GET");
    assert.equal(error.url, `${sim.url}/api/v4/projects/987654`);
    assert.equal(error.message, `GET ${sim.url}/api/v4/projects/987654: 404 Project Not Found`);
  });

  it("a validation error keeps its field messages", async () => {
    const error = await client(ctx.sim)
      .httpPost("/projects/1/issues", { postData: {} })
      .catch((e: unknown) => e);
    assert.ok(error instanceof GitlabHttpError);
    assert.equal(error.responseCode, 400);
    assert.match(error.errorMessage, /title/);
  });

  it("a proxy's HTML error page is named as such", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "status", status: 502, page: "nginx", path: PROJECT });
    const error = await client(sim)
      .httpGet("/projects/1")
      .catch((e: unknown) => e);
    assert.ok(error instanceof GitlabHttpError);
    assert.match(error.errorMessage, /HTML page instead of GitLab's JSON \("502 Bad Gateway"\)/);
  });

  it("invalid JSON and an empty JSON body are GitlabParsingErrors", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "malformedJson", path: PROJECT });
    await assert.rejects(client(sim).httpGet("/projects/1"), (error: unknown) => {
      assert.ok(error instanceof GitlabParsingError);
      assert.match(error.message, /not valid JSON/);
      return true;
    });
    sim.inject({ kind: "emptyJson", path: PROJECT });
    await assert.rejects(client(sim).httpGet("/projects/1"), /declares JSON but its body is empty/);
  });

  it("decodes gzip and deflate bodies", async () => {
    const { sim } = ctx;
    for (const kind of ["gzip", "deflate"] as const) {
      sim.inject({ kind, path: PROJECT });
      const project = (await client(sim).httpGet("/projects/1")) as { id: number };
      assert.equal(project.id, 1);
    }
  });

  it("a JSON body with a wrong content type comes back as a response, not silently parsed", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "wrongContentType", path: PROJECT });
    const response = await client(sim).httpGet("/projects/1");
    assert.ok(!(response as { id?: number }).id);
    assert.equal((response as { status: number }).status, 200);
  });
});

describe("redirects", () => {
  const ctx = useSimulator();

  it("a GET follows a same-origin redirect with its credentials", async () => {
    const { sim } = ctx;
    sim.reset();
    sim.inject({
      kind: "redirect",
      status: 301,
      location: `${sim.url}/api/v4/projects/1`,
      path: "/api/v4/old-place",
    });
    const project = (await client(sim).httpGet("/old-place")) as { id: number };
    assert.equal(project.id, 1);
    assert.equal(sim.requests[1]!.headers["private-token"], "glpat-simulator-token");
  });

  it("a GET redirected to another origin goes there without credentials", async () => {
    const { sim } = ctx;
    const other = await startSimulator({ tokens: { private: [] } });
    try {
      sim.inject({
        kind: "redirect",
        status: 302,
        location: `${other.url}/api/v4/projects/1`,
        path: "/api/v4/elsewhere",
      });
      const project = (await client(sim, { privateToken: "glpat-simulator-token" }).httpGet(
        "/elsewhere",
      )) as {
        id: number;
      };
      assert.equal(project.id, 1);
      const arrived = other.requests[0]!;
      assert.equal(arrived.headers["private-token"], undefined);
      assert.equal(arrived.headers.authorization, undefined);
    } finally {
      await other.close();
    }
  });

  for (const status of [301, 302] as const) {
    it(`a POST answered with ${status} is a GitlabRedirectError naming both URLs`, async () => {
      const { sim } = ctx;
      sim.inject({
        kind: "redirect",
        status,
        location: "https://gitlab.example/api/v4/projects/1/issues",
        method: "POST",
      });
      await assert.rejects(
        client(sim).httpPost("/projects/1/issues", { postData: { title: "x" } }),
        (error: unknown) => {
          assert.ok(error instanceof GitlabRedirectError);
          assert.ok(error.message.includes(`${sim.url}/api/v4/projects/1/issues`));
          assert.ok(error.message.includes("https://gitlab.example/api/v4/projects/1/issues"));
          return true;
        },
      );
    });
  }

  it("a redirect loop is an error, not a hang", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "redirect", location: `${sim.url}/api/v4/b`, path: "/api/v4/a", times: 20 });
    sim.inject({ kind: "redirect", location: `${sim.url}/api/v4/a`, path: "/api/v4/b", times: 20 });
    await assert.rejects(client(sim).httpGet("/a"), /redirect loop/);
    sim.reset();
  });
});

describe("secrets and logging", () => {
  const ctx = useSimulator();

  it("debug log lines name requests but never the token", async () => {
    const secret = "glpat-simulator-token";
    const logger = recordingLogger();
    const gl = new Gitlab({ url: ctx.sim.url, privateToken: secret, logger });
    await gl.httpGet("/projects/1", { queryParams: { private_token: secret } });
    assert.ok(logger.debugs.some((l) => l.includes("GET") && l.includes("/projects/1")));
    assert.ok(logger.debugs.every((l) => !l.includes(secret)));
  });

  it("the client itself does not show its token under util.inspect or JSON.stringify", () => {
    const secret = "glpat-inspect-me-123";
    const gl = new Gitlab({ url: ctx.sim.url, privateToken: secret });
    assert.ok(!inspect(gl, { depth: 10, showHidden: true }).includes(secret));
    assert.ok(!JSON.stringify(gl).includes(secret));
  });
});

describe("maxConcurrency", () => {
  const ctx = useSimulator({ rateLimit: { maxInFlight: 5 }, latencyMs: 20 });

  it("keeps requests in flight under the limit, so a bot stays under a server's limit", async () => {
    const gl = client(ctx.sim, { maxConcurrency: 5, obeyRateLimit: false });
    const results = await Promise.all(Array.from({ length: 40 }, () => gl.httpGet("/version")));
    assert.equal(results.length, 40);
  });
});
