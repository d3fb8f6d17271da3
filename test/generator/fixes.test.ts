import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { SPEC_PATH_EXTENSION } from "../../scripts/fix-rules.js";
import { loadSpec, writePatchedSpec, type LoadedSpec } from "../../scripts/spec.js";
import { QUIRKS, tempDir } from "./helpers.js";

function load(): Promise<LoadedSpec> {
  return loadSpec({ spec: QUIRKS, lockFile: join(QUIRKS, "..", "no-such.lock.json") });
}

function operation(spec: LoadedSpec, path: string, method: "get" | "post" | "delete" | "head") {
  const op = spec.document.paths[path]?.[method];
  assert.ok(op, `${method.toUpperCase()} ${path} exists in the patched document`);
  return op;
}

test("Grape optional groups become concrete paths, merged with existing path items", async () => {
  const spec = await load();
  const keys = Object.keys(spec.document.paths);
  assert.ok(!keys.some((key) => key.includes("(-/)")), "no (-/) left");
  assert.ok(!keys.some((key) => key.includes("(.")), "no (.{format}) left");
  const epics = spec.document.paths["/api/v4/groups/{id}/epics"];
  assert.equal(epics?.get?.operationId, "getApiV4GroupsIdEpics");
  assert.equal(epics?.post?.operationId, "postApiV4GroupsIdDashEpics");
  assert.equal(epics?.post?.[SPEC_PATH_EXTENSION], "/api/v4/groups/{id}/(-/)epics");
  const archive = operation(spec, "/api/v4/projects/{id}/repository/archive.{format}", "get");
  assert.equal(archive.operationId, "getApiV4ProjectsIdRepositoryArchiveFormat");
  const nuget =
    "/api/v4/projects/{project_id}/packages/nuget/v2/Packages(Id='{package_name}',Version='{package_version}')";
  assert.ok(spec.document.paths[nuget], "NuGet's literal parentheses stay");
});

test("an operation declaring other path parameter names than its template moves to its own key", async () => {
  const spec = await load();
  const post = operation(spec, "/api/v4/groups/{id}/epics/{epic_iid}/issues/{issue_id}", "post");
  assert.equal(post.operationId, "postApiV4GroupsIdDashEpicsEpicIidIssuesIssueId");
  assert.equal(
    post[SPEC_PATH_EXTENSION],
    "/api/v4/groups/{id}/(-/)epics/{epic_iid}/issues/{epic_issue_id}",
  );
  const remove = operation(
    spec,
    "/api/v4/groups/{id}/epics/{epic_iid}/issues/{epic_issue_id}",
    "delete",
  );
  assert.equal(remove.operationId, "deleteApiV4GroupsIdDashEpicsEpicIidIssuesEpicIssueId");
});

test("oneOf string/integer becomes anyOf in parameters and component schemas", async () => {
  const spec = await load();
  const id = operation(spec, "/api/v4/projects/{id}", "get").parameters?.find(
    (p) => p.name === "id",
  );
  assert.deepEqual(id?.schema, { anyOf: [{ type: "string" }, { type: "integer" }] });
  const namespaceId = spec.document.components?.schemas?.Namespace?.properties?.id;
  assert.deepEqual(namespaceId, { anyOf: [{ type: "integer" }, { type: "string" }] });
  const scope = operation(spec, "/api/v4/projects", "get").parameters?.find(
    (p) => p.name === "scope",
  );
  assert.ok(
    scope?.schema?.anyOf && !scope.schema.oneOf,
    "every oneOf in a parameter becomes anyOf",
  );
  const text = JSON.stringify(spec.document);
  assert.ok(!text.includes('"oneOf"'), "no oneOf left in the fixture");
});

test("object query parameters are deepObject; untyped path parameters are strings", async () => {
  const spec = await load();
  const list = operation(spec, "/api/v4/projects", "get");
  const custom = list.parameters?.find((p) => p.name === "custom_attributes");
  assert.equal(custom?.style, "deepObject");
  assert.equal(custom?.explode, true);
  const artifact = operation(spec, "/api/v4/projects/{id}/ml/artifacts/{file_path}", "get");
  assert.deepEqual(artifact.parameters?.find((p) => p.name === "file_path")?.schema, {
    type: "string",
  });
});

test("a HEAD request body becomes query parameters", async () => {
  const spec = await load();
  const head = operation(spec, "/api/v4/projects/{id}/repository/files/{file_path}", "head");
  assert.equal(head.requestBody, undefined);
  const ref = head.parameters?.find((p) => p.name === "ref");
  assert.equal(ref?.in, "query");
  assert.equal(ref?.required, true);
  assert.equal(ref?.description, "The branch, tag or commit");
});

test("a paginated list declared as one object returns an array of it", async () => {
  const spec = await load();
  const media = operation(spec, "/api/v4/projects", "get").responses?.["200"]?.content?.[
    "application/json"
  ];
  assert.deepEqual(media?.schema, {
    type: "array",
    items: { $ref: "#/components/schemas/Project" },
  });
  const single = operation(spec, "/api/v4/projects/{id}", "get").responses?.["200"]?.content;
  assert.deepEqual(single?.["application/json"]?.schema, { $ref: "#/components/schemas/Project" });
});

test("targeted fixes from openapi/fixes.yaml apply, and are counted", async () => {
  const spec = await load();
  const languages = operation(spec, "/api/v4/projects/{id}/languages", "get");
  assert.deepEqual(languages.responses?.["200"]?.content?.["application/json"]?.schema, {
    type: "object",
    additionalProperties: { type: "number" },
  });
  const counts = Object.fromEntries(spec.lint.entries().map((entry) => [entry.kind, entry.count]));
  assert.deepEqual(
    {
      grape: counts["grape-optional-segments"],
      names: counts["path-parameter-names"],
      anyOf: counts["oneof-to-anyof"],
      targeted: counts["targeted-fix"],
    },
    { grape: 4, names: 1, anyOf: 4, targeted: 1 },
  );
});

test("the patched document can be written for Prism and read back", async (t) => {
  const spec = await load();
  const file = join(await tempDir(t), "patched", "openapi.json");
  await writePatchedSpec(spec, file);
  const written = JSON.parse(await readFile(file, "utf8")) as unknown;
  assert.deepEqual(written, JSON.parse(JSON.stringify(spec.document)));
});

test("openapi/fixes.yaml decides which rules run; unknown rules and stale fixes are reported", async (t) => {
  const dir = await tempDir(t);
  const fixes = join(dir, "fixes.yaml");
  const lockFile = join(dir, "spec.lock.json");
  await writeFile(
    fixes,
    [
      "rules:",
      "  - id: oneof-to-anyof",
      "    reason: only this one",
      "operations:",
      "  - operationId: getApiV4Gone",
      "    reason: GitLab removed it",
      "    set: { /summary: Gone }",
      "",
    ].join("\n"),
  );
  // GitLab's evidence (facts for the pinned spec) is left out: this is about fixes.yaml's rules.
  const spec = await loadSpec({ spec: QUIRKS, lockFile, fixesFile: fixes, evidence: false });
  assert.ok(
    spec.document.paths["/api/v4/groups/{id}/(-/)epics"],
    "Grape rule not listed: not applied",
  );
  const kinds = spec.lint.entries().map((entry) => `${entry.action} ${entry.kind} ${entry.count}`);
  assert.deepEqual(kinds, ["fixed oneof-to-anyof 4", "note stale-targeted-fix 1"]);

  await writeFile(fixes, "rules:\n  - id: make-it-better\n    reason: wishful\n");
  await assert.rejects(
    loadSpec({ spec: QUIRKS, lockFile, fixesFile: fixes }),
    /unknown rule "make-it-better"/,
  );
  await writeFile(fixes, "rules:\n  - id: oneof-to-anyof\n");
  await assert.rejects(
    loadSpec({ spec: QUIRKS, lockFile, fixesFile: fixes }),
    /rules\[0\]\.reason must be/,
  );
});

test("schema fixes patch component schemas in place; gone schemas and properties are reported, never created", async (t) => {
  const dir = await tempDir(t);
  const fixes = join(dir, "fixes.yaml");
  await writeFile(
    fixes,
    [
      "schemas:",
      "  - schema: Project",
      "    reason: GitLab returns a number",
      "    set:",
      "      /properties/name/type: integer",
      "      /properties/archived/type: boolean",
      "  - schema: Namespace",
      "    reason: shared set, as a YAML alias would give",
      "    set: &shared",
      "      /properties/full_path/description: Full path",
      "  - schema: Epic",
      "    reason: same set again",
      "    set: *shared",
      "  - schema: Gone",
      "    reason: GitLab removed it",
      "    set: { /type: object }",
      "",
    ].join("\n"),
  );
  const spec = await loadSpec({
    spec: QUIRKS,
    lockFile: join(dir, "spec.lock.json"),
    fixesFile: fixes,
  });
  const schemas = spec.document.components?.schemas;
  // Only the pointed-at key changes: the rest of the property (and schema) is kept.
  assert.deepEqual(schemas?.Project?.properties?.name, { type: "integer" });
  assert.deepEqual(schemas?.Project?.properties?.id, { type: "integer" });
  assert.equal(schemas?.Project?.properties?.archived, undefined, "no phantom property");
  assert.deepEqual(schemas?.Namespace?.properties?.full_path, {
    type: "string",
    description: "Full path",
  });
  // Epic has no full_path: the shared pointer is stale there, not created.
  assert.equal(schemas?.Epic?.properties?.full_path, undefined);
  assert.equal(schemas?.Gone, undefined);

  const lint = Object.fromEntries(spec.lint.entries().map((entry) => [entry.kind, entry]));
  assert.equal(lint["targeted-schema-fix"]?.count, 3);
  assert.equal(lint["targeted-schema-fix"]?.action, "fixed");
  assert.deepEqual(lint["stale-targeted-fix"]?.examples, [
    "Project/properties/archived/type",
    "Epic/properties/full_path/description",
    "Gone",
  ]);

  await writeFile(fixes, "schemas:\n  - schema: Project\n    reason: no set\n");
  await assert.rejects(
    loadSpec({ spec: QUIRKS, lockFile: join(dir, "spec.lock.json"), fixesFile: fixes }),
    /schemas\[0\] must be a mapping with schema, reason and set/,
  );
  await writeFile(
    fixes,
    "schemas:\n  - schema: Project\n    reason: bad pointer\n    set: { properties/name: {} }\n",
  );
  await assert.rejects(
    loadSpec({ spec: QUIRKS, lockFile: join(dir, "spec.lock.json"), fixesFile: fixes }),
    /schemas\[0\]\.set: "properties\/name" is not a JSON Pointer/,
  );
});
