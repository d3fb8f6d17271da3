import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { getApiV4ProjectsIdRepositoryFilesFilePathRaw, getApiV4ProjectsIdRepositoryFilesFilePath } from "../../generated/endpoints/files.js";
import { getApiV4ProjectsIdJobsJobIdArtifacts } from "../../generated/endpoints/job-artifacts.js";
import { getApiV4ProjectsIdMergeRequests } from "../../generated/endpoints/merge-requests.js";
import {
  deleteApiV4ProjectsIdIssuesIssueIid,
  getApiV4Projects,
  getApiV4ProjectsId,
  getApiV4ProjectsIdIssuesIssueIid,
  postApiV4ProjectsIdIssues,
  postApiV4ProjectsIdUploads,
  putApiV4ProjectsIdIssuesIssueIid,
} from "../../generated/endpoints/projects.js";
import { GitlabHttpError, GitlabOptionError, GitlabStreamResponse } from "../../src/index.js";
import "../../src/paths.js";
import { client, recordingLogger, useSimulator } from "../helpers/simulator.js";

describe("generated endpoints on the simulator", () => {
  const ctx = useSimulator();

  it("gets a project by its full path, encoding the slashes as one segment", async () => {
    const { sim } = ctx;
    sim.reset();
    const project = await getApiV4ProjectsId(client(sim), { path: { id: "acme/platform/api" } });
    assert.equal(project.id, 2);
    assert.equal(project.path_with_namespace, "acme/platform/api");
    assert.equal(sim.requests[0]!.path, "/api/v4/projects/acme%2Fplatform%2Fapi");
  });

  it("lists merge requests across pages with gl.paginate: every item once, typed", async () => {
    const { sim } = ctx;
    sim.reset();
    const gl = client(sim);
    const titles: string[] = [];
    const ids = new Set<number>();
    for await (const mr of gl.paginate(getApiV4ProjectsIdMergeRequests, { path: { id: 2 } }, { perPage: 25 })) {
      titles.push(mr.title!);
      ids.add(mr.id!);
    }
    assert.equal(ids.size, 120);
    assert.equal(titles.length, 120);
    assert.equal(sim.requests.length, 5);
    assert.ok(sim.requests.every((r) => r.query.per_page === "25"));
    const all = await gl.paginate(getApiV4ProjectsIdMergeRequests, { path: { id: 2 }, query: { state: "opened" } }).all();
    assert.ok(all.length > 0 && all.every((mr) => mr.state === "opened"));
  });

  it("paginates keyset listings through Link headers", async () => {
    const { sim } = ctx;
    const projects = await client(sim)
      .paginate(getApiV4Projects, { query: { order_by: "id", sort: "asc" } }, { perPage: 2, keyset: true })
      .all();
    assert.deepEqual(
      projects.map((p) => p.id),
      [...projects.map((p) => p.id)].sort((a, b) => a! - b!),
    );
    assert.ok(projects.length >= 6);
  });

  it("creates, updates and deletes an issue", async () => {
    const { sim } = ctx;
    const gl = client(sim);
    const created = await postApiV4ProjectsIdIssues(gl, {
      path: { id: "acme/website" },
      body: { title: "Generated call", labels: ["bug", "ui"] },
    });
    assert.equal(created.title, "Generated call");
    assert.equal(sim.requests.at(-1)!.headers["content-type"], "application/json");
    const iid = created.iid!;
    const updated = await putApiV4ProjectsIdIssuesIssueIid(gl, {
      path: { id: "acme/website", issue_iid: iid },
      body: { state_event: "close", title: "Generated call (done)" },
    });
    assert.equal(updated.state, "closed");
    assert.equal((await getApiV4ProjectsIdIssuesIssueIid(gl, { path: { id: 1, issue_iid: iid } })).title, "Generated call (done)");
    await deleteApiV4ProjectsIdIssuesIssueIid(gl, { path: { id: 1, issue_iid: iid } });
    await assert.rejects(getApiV4ProjectsIdIssuesIssueIid(gl, { path: { id: 1, issue_iid: iid } }), (error: unknown) => {
      assert.ok(error instanceof GitlabHttpError);
      assert.equal(error.responseCode, 404);
      return true;
    });
  });

  it("reads a repository file raw, its path encoded as one segment", async () => {
    const { sim } = ctx;
    sim.reset();
    const gl = client(sim);
    const raw = await getApiV4ProjectsIdRepositoryFilesFilePathRaw(gl, {
      path: { id: 1, file_path: "src/app.rb" },
      query: { ref: "main" },
    });
    assert.ok(Buffer.isBuffer(raw));
    assert.equal(sim.requests[0]!.path, "/api/v4/projects/1/repository/files/src%2Fapp.rb/raw");
    // The spec gives this response no schema, so its type is unknown.
    const meta = (await getApiV4ProjectsIdRepositoryFilesFilePath(gl, {
      path: { id: 1, file_path: "src/app.rb" },
      query: { ref: "main" },
    })) as { content: string };
    assert.equal(Buffer.from(meta.content, "base64").toString(), raw.toString());
    const binary = await getApiV4ProjectsIdRepositoryFilesFilePathRaw(gl, {
      path: { id: 1, file_path: "assets/logo.bin" },
      query: { ref: "main" },
    });
    assert.deepEqual([...binary], Array.from({ length: 256 }, (_, i) => i));
    const odd = await getApiV4ProjectsIdRepositoryFilesFilePathRaw(gl, {
      path: { id: 1, file_path: "docs/notes & ideas #1.md" },
      query: { ref: "main" },
    });
    assert.ok(odd.length > 0);
    assert.equal(sim.requests.at(-1)!.path, "/api/v4/projects/1/repository/files/docs%2Fnotes%20%26%20ideas%20%231.md/raw");
  });

  it("uploads a file as multipart", async () => {
    const { sim } = ctx;
    const upload = await postApiV4ProjectsIdUploads(client(sim), {
      path: { id: 1 },
      body: { file: new File([Buffer.from("generated upload")], "notes.txt", { type: "text/plain" }) },
    });
    assert.match(upload.markdown ?? "", /notes\.txt/);
    const sent = sim.requests.at(-1)!;
    assert.match(String(sent.headers["content-type"]), /^multipart\/form-data; boundary=/);
    assert.ok(sent.body.includes('filename="notes.txt"'));
    assert.ok(sent.body.includes("generated upload"));
  });

  it("downloads a job artifact as a stream with gl.stream", async () => {
    const { sim } = ctx;
    const artifact = sim.info.artifacts.find((a) => a.size > 1_000_000)!;
    const response = await client(sim).stream(getApiV4ProjectsIdJobsJobIdArtifacts, {
      path: { id: artifact.projectId, job_id: artifact.jobId },
    });
    assert.ok(response instanceof GitlabStreamResponse);
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of response.body) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    assert.equal(size, artifact.size);
    const whole = await getApiV4ProjectsIdJobsJobIdArtifacts(client(sim), {
      path: { id: artifact.projectId, job_id: artifact.jobId },
    });
    assert.equal(hash.digest("hex"), createHash("sha256").update(whole).digest("hex"));
  });

  it("serializes query arrays the way GitLab reads each one", async () => {
    const { sim } = ctx;
    sim.reset();
    await getApiV4Projects(client(sim), { query: { topic: ["a", "b"], per_page: 1 } });
    assert.match(sim.requests[0]!.url, /[?&]topic=a%2Cb(&|$)/);
  });

  it("shares the transport: same errors, retries, user agent and per-request options", async () => {
    const { sim } = ctx;
    sim.reset();
    const logger = recordingLogger();
    const gl = client(sim, { logger, userAgent: "bot/2" });
    sim.inject({ kind: "rateLimit", retryAfter: 0, path: "/api/v4/projects/1" });
    const project = await getApiV4ProjectsId(gl, { path: { id: 1 } }, { headers: { Sudo: "alice" } });
    assert.equal(project.id, 1);
    assert.equal(sim.requests.length, 2);
    assert.equal(sim.requests[1]!.headers["user-agent"], "bot/2");
    assert.equal(sim.requests[1]!.headers.sudo, "alice");
    assert.ok(logger.debugs.some((l) => l.startsWith("retrying GET")));
    await assert.rejects(getApiV4ProjectsId(gl, { path: { id: 424242 } }), { name: "GitlabHttpError", responseCode: 404 });
  });

  it("refuses bad path parameters before sending anything", async () => {
    const { sim } = ctx;
    sim.reset();
    const gl = client(sim);
    const bad: Array<[unknown, RegExp]> = [
      [undefined, /path\.id/],
      ["", /is empty/],
      ["group/../admin", /"\.\."|path segment/],
      ["a\nb", /control character/],
      [{ x: 1 }, /string or number/],
    ];
    for (const [id, message] of bad) {
      await assert.rejects(getApiV4ProjectsId(gl, { path: { id: id as string } }), (error: unknown) => {
        assert.ok(error instanceof GitlabOptionError);
        assert.equal(error.option, "path.id");
        assert.match(error.message, message);
        return true;
      });
    }
    await assert.rejects(getApiV4ProjectsId(gl, { path: { id: 1 }, qery: {} } as never), /params\.qery/);
    assert.equal(sim.requests.length, 0);
  });
});

describe("typed path calls (openapi-fetch's API on the transport)", () => {
  const ctx = useSimulator();

  it("GET by REST path with typed params and data", async () => {
    const { sim } = ctx;
    sim.reset();
    const { data } = await client(sim).GET("/api/v4/projects/{id}", { params: { path: { id: "acme/website" } } });
    assert.equal(data?.path_with_namespace, "acme/website");
    assert.equal(sim.requests[0]!.path, "/api/v4/projects/acme%2Fwebsite");
    assert.equal(sim.requests[0]!.headers["private-token"], "glpat-simulator-token");
  });

  it("POST, PUT and DELETE", async () => {
    const { sim } = ctx;
    const gl = client(sim);
    const { data: issue } = await gl.POST("/api/v4/projects/{id}/issues", {
      params: { path: { id: 1 } },
      body: { title: "By path" },
    });
    assert.equal(issue?.title, "By path");
    const { data: closed } = await gl.PUT("/api/v4/projects/{id}/issues/{issue_iid}", {
      params: { path: { id: 1, issue_iid: issue!.iid! } },
      body: { state_event: "close" },
    });
    assert.equal(closed?.state, "closed");
    const { response } = await gl.DELETE("/api/v4/projects/{id}/issues/{issue_iid}", {
      params: { path: { id: 1, issue_iid: issue!.iid! } },
    });
    assert.equal(response.status, 204);
  });

  it("parseAs: stream hands back the body as a web stream, on the same transport", async () => {
    const { sim } = ctx;
    sim.reset();
    const { data, response } = await client(sim).GET("/api/v4/projects/{id}", {
      params: { path: { id: 1 } },
      parseAs: "stream",
    });
    assert.equal(response.status, 200);
    const text = await new Response(data as ReadableStream).text();
    assert.equal((JSON.parse(text) as { id: number }).id, 1);
    assert.equal(sim.requests[0]!.headers["private-token"], "glpat-simulator-token");
  });

  it("throws the same Gitlab errors instead of returning error", async () => {
    const { sim } = ctx;
    await assert.rejects(
      client(sim).GET("/api/v4/projects/{id}", { params: { path: { id: 777777 } } }),
      (error: unknown) => error instanceof GitlabHttpError && error.responseCode === 404,
    );
  });
});
