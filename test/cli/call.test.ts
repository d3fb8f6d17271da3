import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { client, useSimulator } from "../helpers/simulator.js";
import { lines, runCli, runOn } from "./support.js";

describe("typed-gitlab call", () => {
  const s = useSimulator();

  it("calls a generated operation with a path parameter", async () => {
    const result = await runOn(s.sim.url, ["call", "getApiV4ProjectsId", "--id", "acme/website"]);
    assert.equal(result.code, 0, result.stderr);
    const project = JSON.parse(result.stdout) as { path_with_namespace: string };
    assert.equal(project.path_with_namespace, "acme/website");
    assert.ok(s.sim.requests.some((r) => r.path === "/api/v4/projects/acme%2Fwebsite"));
  });

  it("places query and body parameters as the manifest says, converting their types", async () => {
    const result = await runOn(s.sim.url, [
      "call",
      "postApiV4ProjectsIdIssues",
      "--id",
      "1",
      "--title",
      "Made by call",
      "--labels",
      "cli",
      "--labels",
      "docs",
      "--confidential",
      "--weight=2",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const request = s.sim.requests.filter((r) => r.method === "POST").at(-1)!;
    assert.equal(request.path, "/api/v4/projects/1/issues");
    assert.deepEqual(JSON.parse(request.body.toString("utf8")), {
      title: "Made by call",
      labels: ["cli", "docs"],
      confidential: true,
      weight: 2,
    });
    const query = await runOn(s.sim.url, [
      "call",
      "getApiV4ProjectsIdIssues",
      "--id",
      "1",
      "--state",
      "closed",
      "--per-page",
      "3",
    ]);
    assert.equal(query.code, 0, query.stderr);
    const listed = s.sim.requests.filter((r) => r.path === "/api/v4/projects/1/issues").at(-1)!;
    assert.deepEqual(listed.query, { state: "closed", per_page: "3" });
  });

  it("fails with a usage error naming a missing required parameter, before any request", async () => {
    const before = s.sim.requests.length;
    const result = await runOn(s.sim.url, ["call", "postApiV4ProjectsIdIssues", "--id", "1"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /postApiV4ProjectsIdIssues: missing required parameter --title/);
    assert.equal(result.stdout, "");
    assert.equal(s.sim.requests.length, before);
  });

  it("fails with a usage error on an unknown parameter, a bad value or an unknown operation", async () => {
    const unknown = await runOn(s.sim.url, [
      "call",
      "getApiV4ProjectsId",
      "--id",
      "1",
      "--statistcs",
    ]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no parameter --statistcs; did you mean --statistics\?/);
    const badValue = await runOn(s.sim.url, [
      "call",
      "getApiV4ProjectsIdIssues",
      "--id",
      "1",
      "--per_page",
      "many",
    ]);
    assert.equal(badValue.code, 2);
    assert.match(badValue.stderr, /--per_page: expected an integer, got "many"/);
    const badEnum = await runOn(s.sim.url, [
      "call",
      "getApiV4ProjectsIdIssues",
      "--id",
      "1",
      "--state",
      "open",
    ]);
    assert.equal(badEnum.code, 2);
    assert.match(badEnum.stderr, /--state: expected one of opened, closed, all/);
    const operation = await runCli(["call", "getApiV4ProjectId"]);
    assert.equal(operation.code, 2);
    assert.match(
      operation.stderr,
      /unknown operation "getApiV4ProjectId"\. Did you mean getApiV4ProjectsId/,
    );
  });

  it("shows an operation's method, path, summary and parameters with --help", async () => {
    const result = await runCli(["call", "getApiV4ProjectsIdMergeRequests", "--help"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    assert.match(result.stdout, /^GET \/api\/v4\/projects\/\{id\}\/merge_requests\n/);
    assert.match(result.stdout, /List all project merge requests/);
    assert.match(result.stdout, /Docs: https:\/\/docs\.gitlab\.com\/api\/merge_requests\//);
    assert.match(result.stdout, /--paginate/);
    assert.match(result.stdout, /^ {2}--id <integer\|string> +path +required$/m);
    assert.match(result.stdout, /^ {2}--state <opened\|closed\|locked\|merged\|all> +query$/m);
    assert.match(result.stdout, /^ {2}--labels <string\[\]> +query +repeatable$/m);
  });

  it("streams every item of a list operation with --paginate", async () => {
    const expected = (
      await client(s.sim).httpList<{ iid: number }>("/projects/2/merge_requests", {
        getAll: true,
        queryParams: { state: "merged" },
      })
    ).map((mr) => mr.iid);
    assert.ok(expected.length > 20);
    const result = await runOn(s.sim.url, [
      "call",
      "getApiV4ProjectsIdMergeRequests",
      "--id",
      "acme/platform/api",
      "--state",
      "merged",
      "--per_page",
      "10",
      "--paginate",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      lines(result.stdout).map((mr) => (mr as { iid: number }).iid),
      expected,
    );
  });

  it("refuses --paginate on an operation that is not a list", async () => {
    const result = await runOn(s.sim.url, [
      "call",
      "getApiV4ProjectsId",
      "--id",
      "1",
      "--paginate",
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /getApiV4ProjectsId is not a paginated list operation/);
  });

  it("exits 3 with GitLab's error body on stdout and the message on stderr", async () => {
    const result = await runOn(s.sim.url, ["call", "getApiV4ProjectsId", "--id", "acme/nothing"]);
    assert.equal(result.code, 3);
    assert.deepEqual(JSON.parse(result.stdout), { message: "404 Project Not Found" });
    assert.match(result.stderr, /^typed-gitlab: GET .*\/projects\/acme%2Fnothing: 404/);
  });
});

describe("typed-gitlab ops", () => {
  it("lists matching operations, case-insensitively, tab-separated when piped", async () => {
    const result = await runCli(["ops", "PIPELINES", "latest"]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(
      result.stdout
        .split("\n")
        .includes(
          "GET\t/api/v4/projects/{id}/pipelines/latest\tgetApiV4ProjectsIdPipelinesLatest\tRetrieve the latest pipeline",
        ),
      result.stdout,
    );
    for (const line of result.stdout.trim().split("\n"))
      assert.match(line.toLowerCase(), /pipelines.*latest|latest.*pipelines/);
  });

  it("prints one JSON object per operation with --json, and nothing when nothing matches", async () => {
    const json = await runCli(["ops", "--json", "merge_requests"]);
    assert.equal(json.code, 0, json.stderr);
    const ops = lines(json.stdout) as Array<{ operationId: string; path: string }>;
    assert.ok(ops.some((op) => op.operationId === "getApiV4ProjectsIdMergeRequests"));
    assert.ok(ops.every((op) => op.path.includes("merge_requests")));
    const none = await runCli(["ops", "no-such-operation-anywhere"]);
    assert.deepEqual([none.code, none.stdout, none.stderr], [0, "", ""]);
  });
});
