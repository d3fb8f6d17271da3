import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startSimulator } from "../../src/simulator/index.js";
import { AUTH, getJson, send, useSimulator } from "./helpers.js";

const ctx = useSimulator();

function links(header: string | null): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of (header ?? "").split(", ")) {
    const match = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (match?.[1] && match[2]) result[match[2]] = match[1];
  }
  return result;
}

describe("offset pagination", () => {
  it("sends GitLab's headers and Links on a middle page", async () => {
    const { sim } = ctx;
    const response = await getJson(
      sim,
      "/api/v4/projects/2/merge_requests?state=all&per_page=50&page=2",
    );
    assert.equal((response.body as unknown[]).length, 50);
    const h = response.headers;
    assert.deepEqual(
      ["x-page", "x-per-page", "x-next-page", "x-prev-page", "x-total", "x-total-pages"].map((n) =>
        h.get(n),
      ),
      ["2", "50", "3", "1", "120", "3"],
    );
    const base = `${sim.url}/api/v4/projects/2/merge_requests?state=all&per_page=50`;
    assert.deepEqual(links(h.get("link")), {
      prev: `${base}&page=1`,
      next: `${base}&page=3`,
      first: `${base}&page=1`,
      last: `${base}&page=3`,
    });
  });

  it("walks all 120 merge requests of project 2 by following rel=next", async () => {
    let url: string | undefined = `${ctx.sim.url}/api/v4/projects/2/merge_requests`;
    const iids: number[] = [];
    let pages = 0;
    while (url) {
      const response = await fetch(url, { headers: AUTH });
      iids.push(...((await response.json()) as { iid: number }[]).map((mr) => mr.iid));
      url = links(response.headers.get("link")).next;
      pages++;
    }
    assert.equal(pages, 6);
    assert.deepEqual(
      iids,
      Array.from({ length: 120 }, (_, i) => 120 - i),
    );
  });

  it("has empty next/prev on a single page and clamps per_page to 100", async () => {
    const single = await getJson(ctx.sim, "/api/v4/projects/2/issues");
    assert.equal(single.headers.get("x-next-page"), "");
    assert.equal(single.headers.get("x-prev-page"), "");
    assert.equal(single.headers.get("x-total-pages"), "1");
    assert.equal(links(single.headers.get("link")).next, undefined);
    const clamped = await getJson(ctx.sim, "/api/v4/projects/2/merge_requests?per_page=500");
    assert.equal(clamped.headers.get("x-per-page"), "100");
    assert.equal((clamped.body as unknown[]).length, 100);
  });

  it("builds links from the request's Host header", async () => {
    const port = new URL(ctx.sim.url).port;
    const response = await fetch(`http://localhost:${port}/api/v4/projects/1/issues?per_page=5`, {
      headers: AUTH,
    });
    assert.ok(
      links(response.headers.get("link")).next?.startsWith(`http://localhost:${port}/api/v4/`),
    );
  });

  it("serves an empty page past the end", async () => {
    const response = await getJson(ctx.sim, "/api/v4/projects/1/issues?page=99");
    assert.deepEqual(response.body, []);
    assert.equal(response.headers.get("x-total"), "45");
  });
});

describe("keyset pagination", () => {
  it("walks /projects by id_after with only a rel=next Link", async () => {
    let url: string | undefined =
      `${ctx.sim.url}/api/v4/projects?pagination=keyset&order_by=id&sort=asc&per_page=4`;
    const ids: number[] = [];
    while (url) {
      const response = await fetch(url, { headers: AUTH });
      assert.equal(response.headers.get("x-total"), null);
      assert.equal(response.headers.get("x-page"), null);
      ids.push(...((await response.json()) as { id: number }[]).map((p) => p.id));
      const next = links(response.headers.get("link"));
      assert.deepEqual(
        Object.keys(next).filter((rel) => rel !== "next"),
        [],
      );
      url = next.next;
      if (url) assert.match(url, /id_after=\d+/);
    }
    assert.deepEqual(ids, [1, 2, 3, 4, 5, 6]);
  });

  it("walks /projects descending by id_before", async () => {
    const first = await fetch(
      `${ctx.sim.url}/api/v4/projects?pagination=keyset&order_by=id&sort=desc&per_page=4`,
      {
        headers: AUTH,
      },
    );
    assert.deepEqual(
      ((await first.json()) as { id: number }[]).map((p) => p.id),
      [6, 5, 4, 3],
    );
    const next = links(first.headers.get("link")).next;
    assert.match(next ?? "", /id_before=3/);
    const second = await fetch(next ?? "", { headers: AUTH });
    assert.deepEqual(
      ((await second.json()) as { id: number }[]).map((p) => p.id),
      [2, 1],
    );
    assert.equal(second.headers.get("link"), null);
  });

  it("refuses keyset with an unsupported order", async () => {
    const response = await getJson(ctx.sim, "/api/v4/projects?pagination=keyset&order_by=name");
    assert.equal(response.status, 405);
    assert.deepEqual(response.body, {
      error: "Keyset pagination is not yet available for this type of request",
    });
  });

  it("walks project issues with an opaque cursor", async () => {
    let url: string | undefined =
      `${ctx.sim.url}/api/v4/projects/1/issues?pagination=keyset&per_page=20`;
    const iids: number[] = [];
    while (url) {
      const response = await fetch(url, { headers: AUTH });
      iids.push(...((await response.json()) as { iid: number }[]).map((issue) => issue.iid));
      url = links(response.headers.get("link")).next;
      if (url) assert.match(url, /cursor=/);
    }
    assert.deepEqual(
      iids,
      Array.from({ length: 45 }, (_, i) => 45 - i),
    );
  });
});

describe("large synthetic collections", () => {
  it("serves a million projects page by page without X-Total", async () => {
    const sim = await startSimulator({ seed: { syntheticProjects: { count: 1_000_000 } } });
    try {
      const { firstId, lastId } = sim.info.syntheticProjects ?? { firstId: 0, lastId: 0 };
      assert.equal(lastId - firstId + 1, 1_000_000);
      const deep = await getJson(
        sim,
        "/api/v4/projects?order_by=id&sort=asc&per_page=100&page=5000",
      );
      const ids = (deep.body as { id: number; path_with_namespace: string }[]).map((p) => p.id);
      // Six seeded projects come first, so position 499,900 holds id 499,901.
      assert.equal(ids[0], 499_901);
      assert.equal(ids.length, 100);
      assert.equal(deep.headers.get("x-total"), null);
      assert.equal(deep.headers.get("x-total-pages"), null);
      assert.equal(links(deep.headers.get("link")).last, undefined);
      assert.equal(deep.headers.get("x-next-page"), "5001");
      const last = await getJson(
        sim,
        "/api/v4/projects?order_by=id&sort=asc&per_page=100&page=10001",
      );
      assert.equal((last.body as unknown[]).length, 6);
      assert.equal(last.headers.get("x-next-page"), "");
      // Synthetic items are rendered from a template: every id-derived field must follow the id.
      for (const item of deep.body as Record<string, unknown>[]) {
        const id = item["id"] as number;
        assert.equal(item["path_with_namespace"], `bench/project-${id}`);
        assert.equal(item["web_url"], `${sim.url}/bench/project-${id}`);
        assert.equal(item["created_at"], new Date(Date.UTC(2024, 0, 1) + id * 1000).toISOString());
        assert.equal(item["last_activity_at"], item["created_at"]);
        assert.equal((item["_links"] as { self: string }).self, `${sim.url}/api/v4/projects/${id}`);
        assert.equal(item["open_issues_count"], 0);
      }
      const byPath = await getJson(sim, `/api/v4/projects/bench%2Fproject-${firstId + 41}`);
      assert.equal((byPath.body as { id: number }).id, firstId + 41);
    } finally {
      await sim.close();
    }
  });

  it("counts up to 10,000 items, and skips deleted synthetic projects", async () => {
    const sim = await startSimulator({ seed: { syntheticProjects: { count: 9_995 } } });
    try {
      const counted = await getJson(sim, "/api/v4/projects?per_page=100");
      assert.equal(counted.headers.get("x-total"), null, "10,001 items are above the limit");
      assert.equal(counted.headers.get("x-total-pages"), null);
      const firstId = sim.info.syntheticProjects?.firstId ?? 0;
      assert.equal((await send(sim, "DELETE", `/api/v4/projects/${firstId}`)).status, 202);
      const after = await getJson(sim, "/api/v4/projects?per_page=100");
      assert.equal(after.headers.get("x-total"), "10000");
      assert.equal(after.headers.get("x-total-pages"), "100");
      const page = await getJson(sim, "/api/v4/projects?order_by=id&sort=asc&per_page=3&page=3");
      assert.deepEqual(
        (page.body as { id: number }[]).map((p) => p.id),
        [firstId + 1, firstId + 2, firstId + 3],
      );
      assert.equal((await getJson(sim, `/api/v4/projects/${firstId}`)).status, 404);
      const written = firstId + 5;
      assert.equal(
        (await send(sim, "POST", `/api/v4/projects/${written}/issues`, { title: "on synthetic" }))
          .status,
        201,
      );
      const project = await getJson(sim, `/api/v4/projects/${written}`);
      assert.equal((project.body as { open_issues_count: number }).open_issues_count, 1);
    } finally {
      await sim.close();
    }
  });

  it("walks synthetic projects by keyset across the seeded/synthetic boundary", async () => {
    const sim = await startSimulator({ seed: { syntheticProjects: { count: 250 } } });
    try {
      let url: string | undefined =
        `${sim.url}/api/v4/projects?pagination=keyset&order_by=id&sort=desc&per_page=100&simple=true`;
      const ids: number[] = [];
      while (url) {
        const response = await fetch(url, { headers: AUTH });
        ids.push(...((await response.json()) as { id: number }[]).map((p) => p.id));
        url = links(response.headers.get("link")).next;
      }
      assert.deepEqual(
        ids,
        Array.from({ length: 256 }, (_, i) => 256 - i),
      );
    } finally {
      await sim.close();
    }
  });

  it("refuses offsets beyond maxOffset like GitLab.com", async () => {
    const sim = await startSimulator({
      seed: { syntheticProjects: { count: 60_000 }, maxOffset: 50_000 },
    });
    try {
      assert.equal((await getJson(sim, "/api/v4/projects?per_page=100&page=501")).status, 200);
      const refused = await getJson(sim, "/api/v4/projects?per_page=100&page=502");
      assert.equal(refused.status, 405);
      assert.match((refused.body as { error: string }).error, /maximum allowed offset of 50000/);
    } finally {
      await sim.close();
    }
  });
});
