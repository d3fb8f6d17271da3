import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE_TOKEN, AUTH, getJson, rawRequest, send, useSimulator } from "./helpers.js";

const ctx = useSimulator();

describe("authentication", () => {
  it("accepts each token kind only the way GitLab takes it", async () => {
    const { sim } = ctx;
    const ok: Record<string, string>[] = [
      { "PRIVATE-TOKEN": "glpat-simulator-token" },
      { Authorization: "Bearer glpat-simulator-token" },
      { Authorization: "Bearer simulator-oauth-token" },
      { "JOB-TOKEN": "simulator-job-token" },
    ];
    for (const headers of ok)
      assert.equal((await getJson(sim, "/api/v4/user", headers)).status, 200);
    assert.equal(
      (await getJson(sim, "/api/v4/user?private_token=glpat-simulator-token", {})).status,
      200,
    );
    const wrongWay: Record<string, string>[] = [
      { "PRIVATE-TOKEN": "simulator-oauth-token" },
      { Authorization: "Bearer simulator-job-token" },
    ];
    for (const headers of wrongWay) {
      const response = await getJson(sim, "/api/v4/user", headers);
      assert.equal(response.status, 401);
      assert.deepEqual(response.body, { message: "401 Unauthorized" });
    }
  });

  it("answers 401 to an unknown token even on a public read", async () => {
    const response = await getJson(ctx.sim, "/api/v4/projects/1", { "PRIVATE-TOKEN": "nope" });
    assert.equal(response.status, 401);
    assert.deepEqual(response.body, { message: "401 Unauthorized" });
  });

  it("answers OAuth's invalid_token to a revoked token", async () => {
    const response = await getJson(ctx.sim, "/api/v4/user", {
      "PRIVATE-TOKEN": "glpat-simulator-revoked",
    });
    assert.equal(response.status, 401);
    assert.equal((response.body as { error: string }).error, "invalid_token");
  });

  it("returns the token's owner from GET /user", async () => {
    const root = await getJson(ctx.sim, "/api/v4/user");
    assert.equal((root.body as { username: string; is_admin: boolean }).username, "root");
    assert.equal((root.body as { is_admin: boolean }).is_admin, true);
    const alice = await getJson(ctx.sim, "/api/v4/user", { "PRIVATE-TOKEN": ALICE_TOKEN });
    assert.equal((alice.body as { username: string }).username, "alice");
  });

  it("lets anonymous users read public projects only", async () => {
    const { sim } = ctx;
    assert.equal((await getJson(sim, "/api/v4/projects/1", {})).status, 200);
    const hidden = await getJson(sim, "/api/v4/projects/3", {});
    assert.equal(hidden.status, 404);
    assert.deepEqual(hidden.body, { message: "404 Project Not Found" });
    assert.equal(
      (await getJson(sim, "/api/v4/projects/4", {})).status,
      404,
      "internal needs a sign-in",
    );
    assert.equal(
      (await getJson(sim, "/api/v4/projects/4", { "PRIVATE-TOKEN": ALICE_TOKEN })).status,
      200,
    );
    const list = await getJson(sim, "/api/v4/projects?per_page=100", {});
    const ids = (list.body as { id: number }[]).map((project) => project.id).sort();
    assert.deepEqual(ids, [1, 2, 6]);
    assert.equal((await getJson(sim, "/api/v4/user", {})).status, 401);
    assert.equal(
      (await send(sim, "POST", "/api/v4/projects/1/issues", { title: "x" }, {})).status,
      401,
    );
  });

  it("hides a private project from a non-member as a 404", async () => {
    const response = await getJson(ctx.sim, "/api/v4/projects/3", { "PRIVATE-TOKEN": ALICE_TOKEN });
    assert.equal(response.status, 404);
  });

  it("lets an administrator act as another user with Sudo, and refuses others", async () => {
    const { sim } = ctx;
    const asAlice = await getJson(sim, "/api/v4/user", { ...AUTH, Sudo: "alice" });
    assert.equal((asAlice.body as { username: string }).username, "alice");
    const byId = await getJson(sim, "/api/v4/user?sudo=3", AUTH);
    assert.equal((byId.body as { username: string }).username, "bob");
    const refused = await getJson(sim, "/api/v4/user", {
      "PRIVATE-TOKEN": ALICE_TOKEN,
      Sudo: "root",
    });
    assert.equal(refused.status, 403);
    assert.equal((await getJson(sim, "/api/v4/user", { ...AUTH, Sudo: "nobody" })).status, 404);
  });
});

describe("paths", () => {
  it("finds a project by its URL-encoded full path", async () => {
    const response = await getJson(ctx.sim, "/api/v4/projects/acme%2Fplatform%2Fapi");
    assert.equal(response.status, 200);
    assert.equal((response.body as { id: number }).id, 2);
    const mixedCase = await getJson(ctx.sim, "/api/v4/projects/ACME%2fWebsite");
    assert.equal((mixedCase.body as { id: number }).id, 1);
  });

  it("does not match an unencoded slash, like GitLab", async () => {
    const response = await getJson(ctx.sim, "/api/v4/projects/acme/website");
    assert.equal(response.status, 404);
    assert.deepEqual(response.body, { error: "404 Not Found" });
  });

  it("finds a group by numeric id or encoded path", async () => {
    const byPath = await getJson(ctx.sim, "/api/v4/groups/acme%2Fplatform");
    assert.equal((byPath.body as { id: number; full_path: string }).id, 11);
    const subgroups = await getJson(ctx.sim, "/api/v4/groups/10/subgroups");
    assert.deepEqual(
      (subgroups.body as { full_path: string }[]).map((group) => group.full_path),
      ["acme/platform"],
    );
  });
});

describe("HTTP conventions", () => {
  it("answers HEAD on a GET route with the headers and no body", async () => {
    const head = await rawRequest(`${ctx.sim.url}/api/v4/projects/1`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers?.["content-type"], "application/json");
    assert.ok(Number(head.headers?.["content-length"]) > 100);
    assert.equal(head.body.length, 0);
  });

  it("answers OPTIONS with 204 and Allow, and another method with 405", async () => {
    const options = await rawRequest(`${ctx.sim.url}/api/v4/projects/1/issues`, {
      method: "OPTIONS",
    });
    assert.equal(options.status, 204);
    assert.deepEqual(options.headers?.["allow"]?.split(", ").sort(), [
      "GET",
      "HEAD",
      "OPTIONS",
      "POST",
    ]);
    const patch = await send(ctx.sim, "PATCH", "/api/v4/projects/1/issues");
    assert.equal(patch.status, 405);
  });

  it("answers 400 to a malformed page number", async () => {
    const response = await getJson(ctx.sim, "/api/v4/projects?page=abc");
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, { error: "page is invalid" });
  });
});

describe("request log", () => {
  it("records the raw URL, decoded query and body of every API request", async () => {
    const { sim } = ctx;
    sim.requests.length = 0;
    await fetch(
      `${sim.url}/api/v4/projects/acme%2Fwebsite/issues?labels[]=a&labels[]=b&search=x%20y`,
      {
        method: "POST",
        headers: { ...AUTH, "Content-Type": "application/json", "X-Extra": "1" },
        body: JSON.stringify({ title: "logged" }),
      },
    );
    await fetch(`${sim.url}/-/simulator/info`);
    assert.equal(sim.requests.length, 1, "control API requests are not logged");
    const [entry] = sim.requests;
    assert.ok(entry);
    assert.equal(entry.method, "POST");
    assert.equal(
      entry.url,
      "/api/v4/projects/acme%2Fwebsite/issues?labels[]=a&labels[]=b&search=x%20y",
    );
    assert.equal(entry.path, "/api/v4/projects/acme%2Fwebsite/issues");
    assert.deepEqual(entry.query, { "labels[]": ["a", "b"], search: "x y" });
    assert.equal(entry.headers["x-extra"], "1");
    assert.deepEqual(JSON.parse(entry.body.toString()), { title: "logged" });
  });
});
