import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE_TOKEN, AUTH, getJson, rawRequest, send, useSimulator } from "./helpers.js";

const ctx = useSimulator();

interface IssueBody {
  id: number;
  iid: number;
  title: string;
  state: string;
  labels: string[];
  author: { username: string };
  web_url: string;
}

describe("issues", () => {
  it("creates, reads, updates and deletes an issue, and the change persists", async () => {
    const { sim } = ctx;
    const created = await send(sim, "POST", "/api/v4/projects/acme%2Fwebsite/issues", {
      title: "Simulated bug",
      labels: "bug,ui",
    });
    assert.equal(created.status, 201);
    const issue = created.body as IssueBody;
    assert.equal(issue.iid, 46);
    assert.notEqual(issue.id, issue.iid);
    assert.deepEqual(issue.labels, ["bug", "ui"]);
    assert.equal(issue.author.username, "root");
    assert.equal(issue.web_url, `${sim.url}/acme/website/-/issues/46`);

    const read = await getJson(sim, "/api/v4/projects/1/issues/46");
    assert.equal((read.body as IssueBody).title, "Simulated bug");

    const updated = await send(sim, "PUT", "/api/v4/projects/1/issues/46", {
      state_event: "close",
      add_labels: "p1",
    });
    assert.equal((updated.body as IssueBody).state, "closed");
    assert.deepEqual((updated.body as IssueBody).labels, ["bug", "ui", "p1"]);
    const closedList = await getJson(sim, "/api/v4/projects/1/issues?state=closed&labels=p1");
    assert.deepEqual(
      (closedList.body as IssueBody[]).map((i) => i.iid),
      [46],
    );

    assert.equal((await send(sim, "DELETE", "/api/v4/projects/1/issues/46")).status, 204);
    const gone = await getJson(sim, "/api/v4/projects/1/issues/46");
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.body, { message: "404 Issue Not Found" });
  });

  it("takes form-encoded bodies and query parameters too", async () => {
    const response = await fetch(`${ctx.sim.url}/api/v4/projects/1/issues?labels=from-query`, {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/x-www-form-urlencoded" },
      body: "title=Form+issue&description=a%26b",
    });
    assert.equal(response.status, 201);
    const issue = (await response.json()) as IssueBody & { description: string };
    assert.equal(issue.title, "Form issue");
    assert.equal(issue.description, "a&b");
    assert.deepEqual(issue.labels, ["from-query"]);
  });

  it("answers GitLab's error bodies to bad input", async () => {
    const { sim } = ctx;
    const missing = await send(sim, "POST", "/api/v4/projects/1/issues", {
      description: "no title",
    });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { error: "title is missing" });
    const blank = await send(sim, "POST", "/api/v4/projects/1/issues", { title: " " });
    assert.equal(blank.status, 400);
    assert.deepEqual(blank.body, { message: { title: ["can't be blank"] } });
    const nothing = await send(sim, "PUT", "/api/v4/projects/1/issues/1", {});
    assert.equal(nothing.status, 400);
    assert.match(
      (nothing.body as { error: string }).error,
      /at least one parameter must be provided/,
    );
    const badIid = await getJson(sim, "/api/v4/projects/1/issues/abc");
    assert.deepEqual(badIid.body, { error: "issue_iid is invalid" });
    const badJson = await fetch(`${sim.url}/api/v4/projects/1/issues`, {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body: "{not json",
    });
    assert.equal(badJson.status, 400);
  });

  it("forbids writes by non-members and deletes by non-owners", async () => {
    const { sim } = ctx;
    const alice = { "PRIVATE-TOKEN": ALICE_TOKEN };
    assert.equal(
      (await send(sim, "POST", "/api/v4/projects/6/issues", { title: "x" }, alice)).status,
      403,
    );
    assert.equal(
      (await send(sim, "POST", "/api/v4/projects/1/issues", { title: "member" }, alice)).status,
      201,
    );
    const denied = await send(sim, "DELETE", "/api/v4/projects/1/issues/1", undefined, alice);
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, { message: "403 Forbidden" });
  });

  it("lists the current user's issues across projects with GET /issues", async () => {
    const { sim } = ctx;
    const mine = await getJson(sim, "/api/v4/issues?per_page=100", {
      "PRIVATE-TOKEN": ALICE_TOKEN,
    });
    const issues = mine.body as IssueBody[];
    assert.ok(issues.length > 5);
    assert.ok(issues.every((issue) => issue.author.username === "alice"));
    const all = await getJson(sim, "/api/v4/issues?scope=all&per_page=1");
    assert.ok(Number(all.headers.get("x-total")) > issues.length);
  });

  it("restores the seeded state on reset", async () => {
    const { sim } = ctx;
    await send(sim, "POST", "/api/v4/projects/2/issues", { title: "temporary" });
    assert.equal((await getJson(sim, "/api/v4/projects/2/issues")).headers.get("x-total"), "11");
    sim.reset();
    assert.equal((await getJson(sim, "/api/v4/projects/2/issues")).headers.get("x-total"), "10");
    assert.equal(sim.requests.length, 1);
  });
});

describe("events", () => {
  it("counts the user's events on HEAD /events", async () => {
    const head = await rawRequest(`${ctx.sim.url}/api/v4/events`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.ok(Number(head.headers?.["x-total"]) > 0);
    assert.equal(head.body.length, 0);
    const list = await getJson(ctx.sim, "/api/v4/events?per_page=100&target_type=issue");
    const events = list.body as { author_username: string; target_type: string }[];
    assert.ok(
      events.every((event) => event.author_username === "root" && event.target_type === "Issue"),
    );
  });

  it("records an event when an issue is created", async () => {
    const before = Number((await getJson(ctx.sim, "/api/v4/events")).headers.get("x-total"));
    await send(ctx.sim, "POST", "/api/v4/projects/1/issues", { title: "eventful" });
    const after = await getJson(ctx.sim, "/api/v4/events");
    assert.equal(Number(after.headers.get("x-total")), before + 1);
    assert.equal((after.body as { target_title: string }[])[0]?.target_title, "eventful");
  });
});
