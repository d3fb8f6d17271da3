// checkResponses: "warn" on a client: a generated call whose body does not fit its type is warned
// about once, with a fixes.yaml entry, and the call still returns what GitLab sent.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  getApiV4ProjectsId,
  getApiV4ProjectsIdIssues,
} from "../../generated/endpoints/projects.js";
import { client, recordingLogger, useSimulator } from "../helpers/simulator.js";

/** The checker settles asynchronously: wait until a warning arrives (bounded). */
async function warned(logger: { warnings: string[] }, count: number): Promise<void> {
  for (let waited = 0; logger.warnings.length < count; waited += 10) {
    assert.ok(waited < 10_000, `expected ${count} warnings, got ${logger.warnings.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("checkResponses: warn", () => {
  const ctx = useSimulator({ validateResponses: false });

  it("warns once per mismatch, naming the operation and path, with a fixes.yaml entry", async () => {
    ctx.sim.reset();
    ctx.sim.inject({
      kind: "status",
      status: 200,
      body: { id: "one", name: "x" },
      path: "/api/v4/projects/1",
      times: 2,
    });
    const logger = recordingLogger();
    const gl = client(ctx.sim, { logger, checkResponses: "warn" });
    const first = await getApiV4ProjectsId(gl, { path: { id: 1 } });
    assert.equal((first as { id: unknown }).id, "one", "the call returns what GitLab sent");
    await getApiV4ProjectsId(gl, { path: { id: 1 } });
    await warned(logger, 1);
    const idWarnings = logger.warnings.filter((w) =>
      w.includes("getApiV4ProjectsId (200) at $.id:"),
    );
    assert.equal(idWarnings.length, 1, logger.warnings.join("\n---\n"));
    assert.match(idWarnings[0]!, /\$\.id: expected integer, received string/);
    assert.match(idWarnings[0]!, /"\/properties\/id\/type": "string"/);
    assert.ok(!logger.warnings.join("").includes('"one"'), "values are never quoted");
  });

  it("checks every page of a listing", async () => {
    ctx.sim.reset();
    ctx.sim.inject({
      kind: "status",
      status: 200,
      body: [{ iid: "7" }],
      path: "/api/v4/projects/1/issues",
    });
    const logger = recordingLogger();
    const gl = client(ctx.sim, { logger, checkResponses: "warn" });
    await gl.paginate(getApiV4ProjectsIdIssues, { path: { id: 1 } }).all();
    await warned(logger, 1);
    assert.ok(
      logger.warnings.some((w) => /getApiV4ProjectsIdIssues/.test(w)),
      logger.warnings.join("\n"),
    );
  });

  it("off by default: a drifted body is not reported", async () => {
    ctx.sim.reset();
    ctx.sim.inject({
      kind: "status",
      status: 200,
      body: { id: "one" },
      path: "/api/v4/projects/1",
    });
    const logger = recordingLogger();
    await getApiV4ProjectsId(client(ctx.sim, { logger }), { path: { id: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(logger.warnings, []);
  });
});
