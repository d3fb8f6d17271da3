import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GitlabList, GitlabPaginationError } from "../../src/index.js";
import { client, recordingLogger, useSimulator } from "../helpers/simulator.js";

interface Item {
  id: number;
}

describe("httpList", () => {
  const ctx = useSimulator({ seed: { syntheticProjects: { count: 10_050 } } });

  it("iterator: lazy, with the page metadata GitLab sends, fetching pages as items are consumed", async () => {
    const { sim } = ctx;
    sim.reset();
    const list = await client(sim).httpList<Item>("/projects/2/merge_requests", {
      iterator: true,
      perPage: 20,
      prefetch: 1,
    });
    assert.ok(list instanceof GitlabList);
    assert.equal(list.currentPage, 1);
    assert.equal(list.perPage, 20);
    assert.equal(list.nextPage, 2);
    assert.ok(list.total! > 40, "the seeded project has several pages of merge requests");
    assert.equal(list.totalPages, Math.ceil(list.total! / 20));
    assert.equal(sim.requests.length, 1, "only the first page before iteration");

    const seen: number[] = [];
    for await (const mr of list) {
      seen.push(mr.id);
      if (seen.length === 25) break;
    }
    assert.equal(sim.requests.length, 2, "25 items need exactly two pages");
    assert.equal(new Set(seen).size, 25);
  });

  it("getAll: every item once, in order, across pages (with fetch-ahead)", async () => {
    const { sim } = ctx;
    const gl = client(sim);
    const sequential = await gl.httpList<Item>("/projects/2/merge_requests", {
      getAll: true,
      perPage: 7,
      prefetch: 1,
    });
    const ahead = await gl.httpList<Item>("/projects/2/merge_requests", {
      getAll: true,
      perPage: 7,
      prefetch: 6,
    });
    const list = await gl.httpList<Item>("/projects/2/merge_requests", {
      iterator: true,
      perPage: 7,
    });
    assert.equal(sequential.length, list.total);
    assert.deepEqual(
      ahead.map((m) => m.id),
      sequential.map((m) => m.id),
    );
    assert.equal(new Set(sequential.map((m) => m.id)).size, sequential.length);
  });

  it("page: that page only; neither: the first page and a warning when there are more", async () => {
    const { sim } = ctx;
    const logger = recordingLogger();
    const gl = client(sim, { logger });
    const page2 = await gl.httpList<Item>("/projects/2/merge_requests", { page: 2, perPage: 10 });
    const page1 = await gl.httpList<Item>("/projects/2/merge_requests", { perPage: 10 });
    assert.equal(page2.length, 10);
    assert.equal(page1.length, 10);
    assert.notDeepEqual(page1, page2);
    assert.equal(logger.warnings.length, 1);
    assert.match(
      logger.warnings[0]!,
      /only the first 10 items of \d+; pass getAll: true or iterator: true/,
    );
    await gl.httpList("/projects/2/merge_requests", { perPage: 10, getAll: false });
    assert.equal(logger.warnings.length, 1, "getAll: false silences the warning");
  });

  it("keyset pagination follows Link rel=next only", async () => {
    const { sim } = ctx;
    sim.reset();
    const list = await client(sim).httpList<Item>("/projects", {
      iterator: true,
      perPage: 100,
      queryParams: { pagination: "keyset", order_by: "id", sort: "asc" },
    });
    assert.equal(list.total, undefined);
    assert.equal(list.totalPages, undefined);
    let count = 0;
    let last = 0;
    for await (const project of list) {
      assert.ok(project.id > last, "ascending ids, none repeated");
      last = project.id;
      if (++count === 350) break;
    }
    assert.equal(sim.requests.length, 4);
    assert.ok(sim.requests.every((r) => r.query.pagination === "keyset"));
  });

  it("omits totals above 10,000 items, as GitLab does", async () => {
    const { sim } = ctx;
    const list = await client(sim).httpList<Item>("/projects", { iterator: true, perPage: 100 });
    assert.equal(list.total, undefined);
    assert.equal(list.totalPages, undefined);
    assert.equal(list.nextPage, 2);
  });

  it("never sends credentials to a next link on another origin; keepBaseUrl rewrites it", async () => {
    const { sim } = ctx;
    sim.inject({
      kind: "nextLink",
      url: "http://127.0.0.2:1/api/v4/projects/2/merge_requests?page=2&per_page=5",
      path: "/api/v4/projects/2/merge_requests",
    });
    await assert.rejects(
      client(sim).httpList("/projects/2/merge_requests", { getAll: true, perPage: 5 }),
      (error: unknown) =>
        error instanceof GitlabPaginationError &&
        /127\.0\.0\.2:1/.test(error.message) &&
        /keepBaseUrl/.test(error.message),
    );
    sim.reset();
    sim.inject({
      kind: "nextLink",
      url: "http://127.0.0.2:1/api/v4/projects/2/merge_requests?page=2&per_page=5",
      path: "/api/v4/projects/2/merge_requests",
    });
    const items = await client(sim, { keepBaseUrl: true }).httpList<Item>(
      "/projects/2/merge_requests",
      {
        getAll: true,
        perPage: 5,
        prefetch: 1,
      },
    );
    assert.ok(items.length > 5);
    assert.ok(sim.requests.every((r) => r.headers.host === new URL(sim.url).host));
  });

  it("refuses a malformed Link header instead of stopping silently", async () => {
    const { sim } = ctx;
    sim.inject({ kind: "badLink", path: "/api/v4/projects/2/merge_requests" });
    await assert.rejects(
      client(sim).httpList("/projects/2/merge_requests", { getAll: true }),
      /malformed Link header/,
    );
  });

  it("navigates by Link when X-Next-Page is garbage, leaving nextPage unknown", async () => {
    const { sim } = ctx;
    const expected = await client(sim).httpList<Item>("/projects/2/merge_requests", {
      getAll: true,
      perPage: 50,
    });
    sim.inject({ kind: "garbageNextPage", path: "/api/v4/projects/2/merge_requests" });
    const list = await client(sim).httpList<Item>("/projects/2/merge_requests", {
      iterator: true,
      perPage: 50,
    });
    assert.equal(list.nextPage, undefined);
    assert.deepEqual(
      (await list.all()).map((m) => m.id),
      expected.map((m) => m.id),
    );
  });

  it("rejects a non-list body with a parsing error", async () => {
    const { sim } = ctx;
    await assert.rejects(client(sim).httpList("/projects/1"), { name: "GitlabParsingError" });
  });
});
