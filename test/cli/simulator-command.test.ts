import assert from "node:assert/strict";
import { once } from "node:events";
import { join } from "node:path";
import { describe, it } from "node:test";
import { collect, FIXTURES, runOn, spawnCli } from "./support.js";

describe("typed-gitlab simulator", () => {
  it("serves the seed file, prints its URL and token, and stops cleanly on SIGTERM", async () => {
    const child = spawnCli([
      "simulator",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--seed",
      join(FIXTURES, "seed.json"),
      "--latency",
      "5",
      "--rate-limit",
      "1000/60s",
    ]);
    const done = collect(child);
    let banner = "";
    while (!/GITLAB_TOKEN=\S+/.test(banner)) {
      const [chunk] = (await once(child.stdout!, "data")) as [string];
      banner += chunk;
    }
    const url = /export GITLAB_URL=(\S+)/.exec(banner)![1]!;
    const token = /export GITLAB_TOKEN=(\S+)/.exec(banner)![1]!;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(token, "glpat-simulator-token");

    const project = await runOn(url, ["api", "projects/acme%2Fcli-demo"]);
    assert.equal(project.code, 0, project.stderr);
    assert.equal(
      (JSON.parse(project.stdout) as { description: string }).description,
      "Seeded from test/fixtures/cli/seed.json",
    );

    child.kill("SIGTERM");
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
  });
});
