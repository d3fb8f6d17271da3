import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { Gitlab, GitlabResponse, GitlabStreamResponse } from "../../src/index.js";
import { ADMIN_TOKEN, client, useSimulator } from "../helpers/simulator.js";

describe("escape hatch methods", () => {
  const ctx = useSimulator();

  it("sends each kind of token in its own header, and none when anonymous", async () => {
    const { sim } = ctx;
    const cases: Array<[Gitlab, string, string | undefined]> = [
      [new Gitlab({ url: sim.url, privateToken: ADMIN_TOKEN }), "private-token", ADMIN_TOKEN],
      [
        new Gitlab({ url: sim.url, oauthToken: "simulator-oauth-token" }),
        "authorization",
        "Bearer simulator-oauth-token",
      ],
      [
        new Gitlab({ url: sim.url, jobToken: "simulator-job-token" }),
        "job-token",
        "simulator-job-token",
      ],
    ];
    for (const [gl, header, value] of cases) {
      sim.reset();
      const user = (await gl.httpGet("/user")) as { username: string };
      assert.equal(user.username, "root");
      assert.equal(sim.requests[0]!.headers[header], value);
    }
    sim.reset();
    await new Gitlab({ url: sim.url }).httpGet("/projects/1");
    const headers = sim.requests[0]!.headers;
    assert.equal(
      headers["private-token"] ?? headers.authorization ?? headers["job-token"],
      undefined,
    );
  });

  it("sends the User-Agent, default and custom", async () => {
    const { sim } = ctx;
    sim.reset();
    await client(sim).httpGet("/version");
    await client(sim, { userAgent: "my-bot/1.0" }).httpGet("/version");
    assert.match(String(sim.requests[0]!.headers["user-agent"]), /^typed-gitlab\/\d+\.\d+\.\d+$/);
    assert.equal(sim.requests[1]!.headers["user-agent"], "my-bot/1.0");
  });

  it("httpGet reaches exactly the path it is given: no URL-encoding (seed doc example)", async () => {
    const { sim } = ctx;
    sim.reset();
    const latest = (await client(sim).httpGet("/projects/acme%2Fwebsite/pipelines/latest")) as {
      id: number;
      ref: string;
    };
    assert.equal(typeof latest.id, "number");
    assert.equal(sim.requests[0]!.path, "/api/v4/projects/acme%2Fwebsite/pipelines/latest");
  });

  it("reaches an endpoint outside the API and its OpenAPI description: OAuth token info", async () => {
    const { sim } = ctx;
    const gl = new Gitlab({ url: sim.url, oauthToken: "simulator-oauth-token" });
    const info = (await gl.httpGet(`${gl.url}/oauth/token/info`)) as {
      resource_owner_id: number;
      scope: string[];
    };
    assert.equal(info.resource_owner_id, 1);
    assert.deepEqual(info.scope, ["api"]);
    await assert.rejects(client(sim).httpGet(`${sim.url}/oauth/token/info`), {
      name: "GitlabAuthenticationError",
      errorMessage: "invalid_token: The access token is invalid",
    });
  });

  it("httpGet accepts an absolute URL on the configured origin, with query parameters", async () => {
    const { sim } = ctx;
    sim.reset();
    const issues = (await client(sim).httpGet(`${sim.url}/api/v4/projects/1/issues`, {
      queryParams: { state: "opened", labels: ["bug", "ui"], per_page: 2 },
    })) as unknown[];
    assert.ok(Array.isArray(issues));
    assert.equal(
      sim.requests[0]!.url,
      "/api/v4/projects/1/issues?state=opened&labels[]=bug&labels[]=ui&per_page=2",
    );
  });

  it("httpGet returns the response for non-JSON content and with raw", async () => {
    const { sim } = ctx;
    const gl = client(sim);
    const file = await gl.httpGet("/projects/1/repository/files/README.md/raw", {
      queryParams: { ref: "main" },
    });
    assert.ok(file instanceof GitlabResponse);
    assert.ok(file.text().length > 0);
    const raw = await gl.httpGet("/projects/1", { raw: true });
    assert.ok(raw instanceof GitlabResponse);
    assert.equal(raw.status, 200);
    assert.equal(raw.json<{ id: number }>().id, 1);
  });

  it("httpGet streams a job artifact without buffering it", async () => {
    const { sim } = ctx;
    const artifact = sim.info.artifacts[0]!;
    const response = await client(sim).httpGet(
      `/projects/${artifact.projectId}/jobs/${artifact.jobId}/artifacts`,
      {
        streamed: true,
      },
    );
    assert.ok(response instanceof GitlabStreamResponse);
    assert.equal(response.headers.get("content-type"), "application/octet-stream");
    let size = 0;
    const hash = createHash("sha256");
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
    assert.equal(size, artifact.size);
    const again = await client(sim).httpGet(
      `/projects/${artifact.projectId}/jobs/${artifact.jobId}/artifacts`,
      {
        raw: true,
      },
    );
    assert.equal(hash.digest("hex"), createHash("sha256").update(again.body).digest("hex"));
  });

  it("httpHead returns the headers (seed doc example: HEAD /events with sudo and a timeout)", async () => {
    const { sim } = ctx;
    sim.reset();
    const viaHead = await client(sim).httpHead("/events");
    assert.match(viaHead.get("X-Total") ?? "", /^\d+$/);
    const response = await client(sim).httpRequest({
      verb: "HEAD",
      path: "/events",
      queryParams: { sudo: "alice" },
      timeout: 10_000,
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.length, 0);
    assert.match(response.headers.get("x-total") ?? "", /^\d+$/);
    assert.equal(sim.requests[1]!.method, "HEAD");
    assert.equal(sim.requests[1]!.query.sudo, "alice");
  });

  it("httpRequest sends any verb (seed doc example: OPTIONS and the Allow header)", async () => {
    const { sim } = ctx;
    const response = await client(sim).httpRequest({ verb: "OPTIONS", path: "/projects" });
    assert.match(response.headers.get("allow") ?? "", /GET/);
    assert.match(response.headers.get("Allow") ?? "", /POST/);
  });

  it("httpPost, httpPut and httpDelete create, update and delete an issue", async () => {
    const { sim } = ctx;
    const gl = client(sim);
    const created = (await gl.httpPost("/projects/1/issues", {
      postData: { title: "From the escape hatch", labels: "bug" },
    })) as { iid: number; title: string };
    assert.equal(created.title, "From the escape hatch");
    const sent = sim.requests.at(-1)!;
    assert.equal(sent.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(sent.body.toString()), {
      title: "From the escape hatch",
      labels: "bug",
    });

    const updated = (await gl.httpPut(`/projects/1/issues/${created.iid}`, {
      postData: { state_event: "close" },
    })) as { state: string };
    assert.equal(updated.state, "closed");

    const deleted = await gl.httpDelete(`/projects/1/issues/${created.iid}`);
    assert.equal(deleted.status, 204);
    await assert.rejects(gl.httpGet(`/projects/1/issues/${created.iid}`), {
      name: "GitlabHttpError",
      responseCode: 404,
    });
  });

  it("httpPatch sends JSON with PATCH", async () => {
    const { sim } = ctx;
    sim.reset();
    await client(sim)
      .httpPatch("/projects/1", { postData: { description: "patched" } })
      .catch(() => undefined);
    assert.equal(sim.requests[0]!.method, "PATCH");
    assert.equal(sim.requests[0]!.body.toString(), '{"description":"patched"}');
  });

  it("httpPost with files makes a multipart upload", async () => {
    const { sim } = ctx;
    const upload = (await client(sim).httpPost("/projects/1/uploads", {
      files: {
        file: {
          content: Buffer.from("hello upload"),
          filename: "hello.txt",
          contentType: "text/plain",
        },
      },
    })) as { alt: string; url: string; markdown: string };
    assert.equal(upload.alt, "hello", "GitLab's alt text is the file name without its extension");
    assert.match(upload.markdown, /hello\.txt/);
    const sent = sim.requests.at(-1)!;
    assert.match(String(sent.headers["content-type"]), /^multipart\/form-data; boundary=/);
    assert.ok(sent.body.includes("hello upload"));
  });

  it("httpPost with raw sends the bytes as they are", async () => {
    const { sim } = ctx;
    sim.reset();
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await client(sim)
      .httpPost("/projects/1/uploads", { postData: bytes, raw: true })
      .catch(() => undefined);
    assert.equal(sim.requests[0]!.headers["content-type"], "application/octet-stream");
    assert.deepEqual(sim.requests[0]!.body, bytes);
  });
});
