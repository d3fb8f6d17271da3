import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import type { Manifest } from "../../scripts/manifest.js";
import { runScript, snapshot, tempDir } from "./helpers.js";

// The pinned spec is found as the generator finds it: beside the repository, in the cache, or
// downloaded and verified (scripts/gitlab-input.ts); with none of them, this fails saying so.
test("the pinned GitLab 19.5 spec generates all 1,864 operations, each exported once", async (t) => {
  const out = join(await tempDir(t), "generated");
  const result = await runScript("generate.ts", ["--out", out]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /lock verified/);

  const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as Manifest;
  assert.equal(manifest.spec.version, "19.5");
  assert.equal(manifest.operationCount, 1864);
  assert.equal(manifest.operations.length, 1864);
  const ids = manifest.operations.map((op) => op.operationId);
  assert.equal(new Set(ids).size, 1864, "operationIds are unique");

  const files = await snapshot(out);
  const exported: string[] = [];
  for (const [file, content] of files) {
    if (!file.startsWith("endpoints/")) continue;
    for (const match of content.matchAll(/^export const (\w+): Endpoint<operations\[/gm)) {
      exported.push(match[1] ?? "");
    }
  }
  assert.equal(exported.length, 1864);
  assert.deepEqual([...exported].sort(), [...ids].sort(), "every manifest operation is exported");
  for (const op of manifest.operations) {
    assert.ok(
      !/[()]/.test(op.path) || op.path.includes("nuget/v2/"),
      `${op.path} has no Grape group`,
    );
  }
});
