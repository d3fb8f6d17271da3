import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { artifactSha256 } from "../../src/simulator/index.js";
import { AUTH, getJson, useSimulator } from "./helpers.js";

const ctx = useSimulator();

describe("merge requests, pipelines and jobs", () => {
  it("reads one merge request by iid", async () => {
    const response = await getJson(ctx.sim, "/api/v4/projects/2/merge_requests/7");
    const mr = response.body as { iid: number; project_id: number; references: { full: string } };
    assert.equal(mr.iid, 7);
    assert.equal(mr.references.full, "acme/platform/api!7");
    assert.equal((await getJson(ctx.sim, "/api/v4/projects/2/merge_requests/121")).status, 404);
  });

  it("serves /pipelines/latest for the default branch or a given ref", async () => {
    const latest = await getJson(ctx.sim, "/api/v4/projects/2/pipelines/latest");
    const pipeline = latest.body as { id: number; ref: string; detailed_status: unknown };
    assert.equal(pipeline.ref, "main");
    assert.ok(pipeline.detailed_status);
    const all = await getJson(ctx.sim, "/api/v4/projects/2/pipelines?ref=main&per_page=1");
    assert.equal((all.body as { id: number }[])[0]?.id, pipeline.id);
    const develop = await getJson(ctx.sim, "/api/v4/projects/2/pipelines/latest?ref=develop");
    assert.equal((develop.body as { ref: string }).ref, "develop");
    const none = await getJson(ctx.sim, "/api/v4/projects/6/pipelines/latest");
    assert.deepEqual(none.body, { message: "404 Not found" });
  });

  it("lists a pipeline's four jobs", async () => {
    const pipelines = await getJson(ctx.sim, "/api/v4/projects/1/pipelines?per_page=1");
    const id = (pipelines.body as { id: number }[])[0]?.id;
    const jobs = await getJson(ctx.sim, `/api/v4/projects/1/pipelines/${id}/jobs`);
    assert.deepEqual(
      (jobs.body as { name: string }[]).map((job) => job.name),
      ["build", "test", "lint", "deploy"],
    );
  });

  it("streams a multi-megabyte artifacts archive with a deterministic checksum", async () => {
    const artifact = ctx.sim.info.artifacts.find((a) => a.projectId === 2);
    assert.ok(artifact);
    assert.equal(artifact.size, 5 * 1024 * 1024);
    const response = await fetch(
      `${ctx.sim.url}/api/v4/projects/2/jobs/${artifact.jobId}/artifacts`,
      { headers: AUTH },
    );
    assert.equal(response.headers.get("content-type"), "application/octet-stream");
    assert.equal(response.headers.get("content-length"), String(artifact.size));
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(bytes.length, artifact.size);
    const digest = createHash("sha256").update(bytes).digest("hex");
    assert.equal(digest, artifactSha256(artifact.jobId, artifact.size));
    assert.notEqual(
      digest,
      artifactSha256(artifact.jobId + 1, artifact.size),
      "content depends on the job",
    );
  });

  it("downloads the latest successful build's artifacts by ref and job name", async () => {
    const artifact = ctx.sim.info.artifacts.find((a) => a.projectId === 1);
    assert.ok(artifact);
    const response = await fetch(
      `${ctx.sim.url}/api/v4/projects/1/jobs/artifacts/main/download?job=build`,
      {
        headers: AUTH,
      },
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(
      createHash("sha256").update(bytes).digest("hex"),
      artifactSha256(artifact.jobId, artifact.size),
    );
    const missing = await getJson(ctx.sim, "/api/v4/projects/1/jobs/artifacts/main/download");
    assert.deepEqual(missing.body, { error: "job is missing" });
  });
});

describe("repository files", () => {
  it("returns a file as base64 JSON when its path is encoded as one segment", async () => {
    const response = await getJson(
      ctx.sim,
      "/api/v4/projects/1/repository/files/src%2Fapp.rb?ref=main",
    );
    const file = response.body as {
      file_path: string;
      content: string;
      encoding: string;
      size: number;
    };
    assert.equal(file.file_path, "src/app.rb");
    assert.equal(file.encoding, "base64");
    assert.match(Buffer.from(file.content, "base64").toString(), /Hello from ACME/);
    assert.equal(response.headers.get("x-gitlab-size"), String(file.size));
    assert.equal(
      (await getJson(ctx.sim, "/api/v4/projects/1/repository/files/src/app.rb?ref=main")).status,
      404,
    );
  });

  it("needs ref, and tells a missing file from a missing ref", async () => {
    const noRef = await getJson(ctx.sim, "/api/v4/projects/1/repository/files/README.md");
    assert.deepEqual(noRef.body, { error: "ref is missing" });
    const noFile = await getJson(ctx.sim, "/api/v4/projects/1/repository/files/nope.md?ref=main");
    assert.deepEqual(noFile.body, { message: "404 File Not Found" });
    const noBranch = await getJson(
      ctx.sim,
      "/api/v4/projects/1/repository/files/README.md?ref=nope",
    );
    assert.deepEqual(noBranch.body, { message: "404 Commit Not Found" });
  });

  it("serves raw bytes, binary intact, for a path with reserved characters", async () => {
    const binary = await fetch(
      `${ctx.sim.url}/api/v4/projects/1/repository/files/assets%2Flogo.bin/raw?ref=main`,
      {
        headers: AUTH,
      },
    );
    assert.equal(binary.headers.get("content-type"), "application/octet-stream");
    const bytes = Buffer.from(await binary.arrayBuffer());
    assert.deepEqual(
      [...bytes],
      Array.from({ length: 256 }, (_, i) => i),
    );
    const encoded = encodeURIComponent("docs/notes & ideas #1.md");
    const text = await fetch(`${ctx.sim.url}/api/v4/projects/1/repository/files/${encoded}/raw`, {
      headers: AUTH,
    });
    assert.equal(text.status, 200);
    assert.match(await text.text(), /must be encoded/);
  });
});

describe("uploads", () => {
  it("parses a multipart upload and serves the bytes back", async () => {
    const content = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45, 0]);
    const form = new FormData();
    form.append("file", new Blob([content], { type: "image/png" }), "shot.png");
    const response = await fetch(`${ctx.sim.url}/api/v4/projects/1/uploads`, {
      method: "POST",
      headers: AUTH,
      body: form,
    });
    assert.equal(response.status, 201);
    const upload = (await response.json()) as {
      alt: string;
      url: string;
      full_path: string;
      markdown: string;
    };
    assert.equal(upload.alt, "shot");
    assert.match(upload.url, /^\/uploads\/[0-9a-f]{32}\/shot\.png$/);
    assert.equal(upload.markdown, `![shot](${upload.url})`);
    const back = await fetch(`${ctx.sim.url}${upload.full_path}`);
    assert.deepEqual(Buffer.from(await back.arrayBuffer()), content);
  });

  it("answers 400 when the file field is missing", async () => {
    const form = new FormData();
    form.append("other", "value");
    const response = await fetch(`${ctx.sim.url}/api/v4/projects/1/uploads`, {
      method: "POST",
      headers: AUTH,
      body: form,
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: "file is missing" });
  });
});

describe("users, groups and version", () => {
  it("serves users and the version", async () => {
    const bob = await getJson(ctx.sim, "/api/v4/users/3");
    assert.equal((bob.body as { username: string }).username, "bob");
    assert.deepEqual((await getJson(ctx.sim, "/api/v4/users/99")).body, {
      message: "404 User Not Found",
    });
    const byName = await getJson(ctx.sim, "/api/v4/users?username=carol");
    assert.deepEqual(
      (byName.body as { id: number }[]).map((u) => u.id),
      [4],
    );
    const version = await getJson(ctx.sim, "/api/v4/version");
    assert.equal((version.body as { version: string }).version, "19.5.0-ee");
    assert.equal((await getJson(ctx.sim, "/api/v4/version", {})).status, 401);
  });

  it("lists a group's projects, with subgroups on request", async () => {
    const direct = await getJson(ctx.sim, "/api/v4/groups/acme%2Fplatform/projects");
    assert.deepEqual(
      (direct.body as { id: number }[]).map((p) => p.id),
      [4, 2],
    );
    const deep = await getJson(ctx.sim, "/api/v4/groups/10/projects?include_subgroups=true");
    assert.deepEqual(
      (deep.body as { id: number }[]).map((p) => p.id),
      [4, 3, 2, 1],
    );
    const anonymous = await getJson(ctx.sim, "/api/v4/groups", {});
    assert.ok(
      !(anonymous.body as { path: string }[]).some((g) => g.path === "infra"),
      "private group hidden",
    );
  });
});
