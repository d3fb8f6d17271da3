import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { client, useSimulator } from "../helpers/simulator.js";
import { ADMIN_TOKEN, collect, lines, runOn, spawnCli } from "./support.js";

const MERGE_REQUESTS = "/api/v4/projects/2/merge_requests";

describe("typed-gitlab api --paginate", () => {
  const s = useSimulator();

  async function expectedIids(): Promise<number[]> {
    const all = await client(s.sim).httpList<{ iid: number }>("/projects/2/merge_requests", {
      getAll: true,
      queryParams: { state: "all" },
    });
    return all.map((mr) => mr.iid);
  }

  it("prints every item of every page once, in order, one JSON object per line", async () => {
    const expected = await expectedIids();
    assert.equal(expected.length, 120);
    s.sim.requests.length = 0;
    const result = await runOn(s.sim.url, [
      "api",
      "projects/2/merge_requests",
      "--paginate",
      "-f",
      "state=all",
      "-F",
      "per_page=7",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "", "no progress output when stderr is not a terminal");
    const iids = lines(result.stdout).map((mr) => (mr as { iid: number }).iid);
    assert.deepEqual(iids, expected);
    const pages = s.sim.requests.filter((r) => r.path === MERGE_REQUESTS);
    assert.equal(pages.length, Math.ceil(120 / 7), "per_page given as a field is honoured");
    assert.ok(pages.every((r) => r.query.per_page === "7" && r.query.state === "all"));
  });

  it("streams: the first items are out before the last page is even requested", async () => {
    // Page 2 is held back for a second. Pages are requested at most 4 ahead of the one being
    // written, so the last of 24 pages cannot be requested before page 2 has arrived, and the
    // first page is written to stdout before page 2 is requested at all.
    s.sim.inject({
      kind: "slowHeaders",
      delayMs: 1000,
      method: "GET",
      path: MERGE_REQUESTS,
      skip: 1,
    });
    s.sim.requests.length = 0;
    const child = spawnCli(["api", "projects/2/merge_requests", "--paginate", "-F", "per_page=5"], {
      env: { GITLAB_URL: s.sim.url, GITLAB_TOKEN: ADMIN_TOKEN },
    });
    let firstOutputAt: number | undefined;
    child.stdout!.once("data", () => (firstOutputAt = Date.now()));
    const result = await collect(child);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(lines(result.stdout).length, 120);
    const lastPage = s.sim.requests.find((r) => r.path === MERGE_REQUESTS && r.query.page === "24");
    assert.ok(lastPage, "the last page was requested");
    assert.ok(firstOutputAt !== undefined && firstOutputAt < lastPage.receivedAt);
  });

  it("refuses --paginate with a method other than GET", async () => {
    const result = await runOn(s.sim.url, ["api", "-X", "POST", "projects", "--paginate"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--paginate works with GET only/);
    assert.equal(result.stdout, "");
  });
});
