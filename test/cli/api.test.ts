import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { useSimulator } from "../helpers/simulator.js";
import { FIXTURES, runOn } from "./support.js";

describe("typed-gitlab api", () => {
  const s = useSimulator();
  const lastRequest = (method: string, pathPrefix: string) => {
    const found = s.sim.requests.filter(
      (r) => r.method === method && r.path.startsWith(pathPrefix),
    );
    assert.ok(found.length > 0, `no ${method} ${pathPrefix} request recorded`);
    return found.at(-1)!;
  };

  it("GETs a path under /api/v4 and prints compact JSON when stdout is not a terminal", async () => {
    const result = await runOn(s.sim.url, ["api", "projects/acme%2Fwebsite"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    assert.equal(result.stdout.split("\n").length, 2, "one line of JSON and a final newline");
    assert.equal((JSON.parse(result.stdout) as { id: number }).id, 1);
  });

  it("sends -f and -F fields as the query string of a GET", async () => {
    const result = await runOn(s.sim.url, [
      "api",
      "projects/1/issues",
      "-X",
      "GET",
      "-f",
      "state=opened",
      "-F",
      "per_page=2",
      "-f",
      "labels[]=bug",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const request = lastRequest("GET", "/api/v4/projects/1/issues");
    assert.equal(request.query.state, "opened");
    assert.equal(request.query.per_page, "2");
    assert.deepEqual(request.query["labels[]"], "bug");
  });

  it("sends fields as a JSON body with -X POST, typed by -F", async () => {
    const result = await runOn(s.sim.url, [
      "api",
      "projects/1/issues",
      "-X",
      "POST",
      "-f",
      "title=From the CLI",
      "-F",
      "confidential=true",
      "-F",
      "weight=3",
      "-f",
      "iid=007",
      "-F",
      "milestone_id=null",
      "-f",
      "labels[]=a",
      "-f",
      "labels[]=b",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { title: string }).title, "From the CLI");
    const request = lastRequest("POST", "/api/v4/projects/1/issues");
    assert.equal(request.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(request.body.toString("utf8")), {
      title: "From the CLI",
      confidential: true,
      weight: 3,
      iid: "007",
      milestone_id: null,
      labels: ["a", "b"],
    });
  });

  it("defaults to POST when fields are given, as glab does", async () => {
    const result = await runOn(s.sim.url, ["api", "projects/1/issues", "-f", "title=Implicit"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(lastRequest("POST", "/api/v4/projects/1/issues").method, "POST");
  });

  it("uploads -F key=@file as multipart", async () => {
    const result = await runOn(s.sim.url, [
      "api",
      "projects/1/uploads",
      "-F",
      `file=@${join(FIXTURES, "upload.txt")}`,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const upload = JSON.parse(result.stdout) as { full_path: string; markdown: string };
    assert.match(upload.markdown, /\[upload\]\(\/uploads\/[0-9a-f]+\/upload\.txt\)/);
    assert.match(
      String(lastRequest("POST", "/api/v4/projects/1/uploads").headers["content-type"]),
      /^multipart\/form-data; boundary=/,
    );
    const stored = await fetch(`${s.sim.url}${upload.full_path}`);
    assert.equal(await stored.text(), "Hello from the CLI tests.\n");
  });

  it("uploads standard input with -F key=@-", async () => {
    const result = await runOn(s.sim.url, ["api", "projects/1/uploads", "-F", "file=@-"], {
      input: "piped content",
    });
    assert.equal(result.code, 0, result.stderr);
    const upload = JSON.parse(result.stdout) as { full_path: string };
    assert.equal(await (await fetch(`${s.sim.url}${upload.full_path}`)).text(), "piped content");
  });

  it("sends -H headers", async () => {
    const result = await runOn(s.sim.url, [
      "api",
      "version",
      "-H",
      "X-Demo: yes please",
      "-H",
      "Accept-Language:en",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const request = lastRequest("GET", "/api/v4/version");
    assert.equal(request.headers["x-demo"], "yes please");
    assert.equal(request.headers["accept-language"], "en");
  });

  it("prints the status line and headers before the body with --include", async () => {
    const result = await runOn(s.sim.url, ["api", "projects/1/issues", "--include"]);
    assert.equal(result.code, 0, result.stderr);
    const [head, body] = result.stdout.split("\n\n");
    assert.match(head!, /^HTTP\/1\.1 200 OK\n/);
    assert.match(head!, /^x-total: \d+$/m);
    assert.match(head!, /^content-type: application\/json/m);
    assert.ok(Array.isArray(JSON.parse(body!)));
  });

  it("prints nothing with --silent, and only the headers with --silent --include", async () => {
    const silent = await runOn(s.sim.url, ["api", "projects/1", "--silent"]);
    assert.equal(silent.code, 0, silent.stderr);
    assert.equal(silent.stdout, "");
    const head = await runOn(s.sim.url, ["api", "projects/1", "--silent", "-i"]);
    assert.match(head.stdout, /^HTTP\/1\.1 200 OK\n[\s\S]*\n\n$/);
  });

  it("sends HEAD and OPTIONS with -X", async () => {
    const head = await runOn(s.sim.url, ["api", "-X", "HEAD", "projects/1/issues", "-i"]);
    assert.equal(head.code, 0, head.stderr);
    assert.match(head.stdout, /^x-total: \d+$/m);
    assert.ok(head.stdout.endsWith("\n\n"), "no body after the headers");
    const options = await runOn(s.sim.url, ["api", "-X", "options", "projects/1", "-i"]);
    assert.equal(options.code, 0, options.stderr);
    assert.match(options.stdout, /^allow: GET, DELETE, HEAD, OPTIONS$/m);
  });

  it("accepts the connection flags after the command too", async () => {
    const result = await runOn("http://127.0.0.1:9", ["api", "user", "--url", s.sim.url]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { username: string }).username, "root");
  });
});
