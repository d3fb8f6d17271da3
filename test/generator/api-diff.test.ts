import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { buildManifest, type Manifest } from "../../scripts/manifest.js";
import { diffManifests, diffMarkdown } from "../../scripts/manifest-diff.js";
import { collectOperations } from "../../scripts/operations.js";
import { loadSpec } from "../../scripts/spec.js";
import { QUIRKS, QUIRKS_NEXT, runScript, tempDir } from "./helpers.js";

async function manifestOf(spec: string): Promise<Manifest> {
  const loaded = await loadSpec({ spec, verifyLock: false });
  return buildManifest(loaded, collectOperations(loaded.document, loaded.lint));
}

test("api-diff finds added, removed and changed operations and flags the breaking ones", async () => {
  const diff = diffManifests(await manifestOf(QUIRKS), await manifestOf(QUIRKS_NEXT));
  assert.deepEqual(
    diff.added.map((op) => op.operationId),
    ["getApiV4ProjectsIdLabels"],
  );
  assert.deepEqual(
    diff.removed.map((op) => op.operationId),
    ["deleteApiV4ProjectsId"],
  );
  const changes = Object.fromEntries(
    diff.changed.map((change) => [
      change.operation.operationId,
      { breaking: change.breaking, other: change.other },
    ]),
  );
  assert.deepEqual(changes, {
    getApiV4Projects: {
      breaking: [
        "parameter `query.topic` changed type from `string[]` to `string`",
        "parameter `query.in` no longer accepts `description`",
      ],
      other: ["query array serialization changed"],
    },
    getApiV4ProjectsId: {
      breaking: ["parameter `query.statistics` removed"],
      other: ["new optional parameter `query.license` (`boolean`)"],
    },
    getApiV4ProjectsIdRepositoryFilesFilePathRaw: { breaking: [], other: ["now deprecated"] },
    postApiV4GroupsIdDashEpics: {
      breaking: ["new required parameter `body.description` (`string`)"],
      other: [],
    },
  });
});

test("api-diff reports nothing between a spec and itself", async () => {
  const manifest = await manifestOf(QUIRKS);
  const diff = diffManifests(manifest, manifest);
  assert.deepEqual([diff.added, diff.removed, diff.changed], [[], [], []]);
  assert.match(diffMarkdown(diff), /\*\*0 added, 0 removed, 0 changed; 0 breaking\.\*\*/);
});

test("npm run api-diff prints Markdown for two specs", async () => {
  const result = await runScript("api-diff.ts", [QUIRKS, QUIRKS_NEXT]);
  assert.equal(result.code, 0, result.stderr);
  const markdown = result.stdout;
  assert.match(markdown, /^## GitLab REST API changes: 1\.0 → 1\.1$/m);
  assert.match(markdown, /\*\*1 added, 1 removed, 4 changed; 4 breaking\.\*\*/);
  assert.match(
    markdown,
    /### Breaking changes\n\n#### Removed operations\n\n- `DELETE \/api\/v4\/projects\/\{id\}` \(`deleteApiV4ProjectsId`\): Delete a project/,
  );
  assert.match(
    markdown,
    /#### Changed operations\n\n(- .*\n)*- `GET \/api\/v4\/projects` \(`getApiV4Projects`\): parameter `query\.topic` changed type/,
  );
  assert.match(
    markdown,
    /### Added operations\n\n- `GET \/api\/v4\/projects\/\{id\}\/labels` \(`getApiV4ProjectsIdLabels`\): List labels/,
  );
  assert.match(markdown, /### Other changes\n\n.*now deprecated/s);
});

test("npm run api-diff --against-manifest compares a spec with a generated manifest", async (t) => {
  const dir = await tempDir(t);
  const out = join(dir, "generated");
  const generated = await runScript("generate.ts", [
    "--spec",
    QUIRKS,
    "--out",
    out,
    "--lock",
    join(dir, "spec.lock.json"),
  ]);
  assert.equal(generated.code, 0, generated.stderr);
  const report = join(dir, "changes.md");
  const result = await runScript("api-diff.ts", [
    "--against-manifest",
    QUIRKS_NEXT,
    "--manifest",
    join(out, "manifest.json"),
    "--out",
    report,
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    await readFile(report, "utf8"),
    /\*\*1 added, 1 removed, 4 changed; 4 breaking\.\*\*/,
  );

  const missing = await runScript("api-diff.ts", [
    "--against-manifest",
    QUIRKS,
    "--manifest",
    join(dir, "nope.json"),
  ]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read the manifest/);
});
