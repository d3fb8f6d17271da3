import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { operationMeta } from "../../scripts/emit-endpoints.js";
import { collectOperations, moduleSlug, type OperationInfo } from "../../scripts/operations.js";
import { loadSpec } from "../../scripts/spec.js";
import { QUIRKS } from "./helpers.js";

async function operations(): Promise<{
  byId: Map<string, OperationInfo>;
  lint: Map<string, number>;
}> {
  const spec = await loadSpec({ spec: QUIRKS, lockFile: join(QUIRKS, "..", "no-such.lock.json") });
  const list = collectOperations(spec.document, spec.lint);
  return {
    byId: new Map(list.map((op) => [op.operationId, op])),
    lint: new Map(spec.lint.entries().map((entry) => [entry.kind, entry.count])),
  };
}

function get(byId: Map<string, OperationInfo>, id: string): OperationInfo {
  const op = byId.get(id);
  assert.ok(op, `${id} is collected`);
  return op;
}

test("query arrays: explode false is comma, the default is brackets, string-or-array too", async () => {
  const { byId, lint } = await operations();
  assert.deepEqual(operationMeta(get(byId, "getApiV4Projects")), {
    operationId: "getApiV4Projects",
    method: "GET",
    path: "/api/v4/projects",
    queryArrays: { topic: "comma", in: "brackets", scope: "brackets" },
  });
  assert.equal(lint.get("query-array-comma"), 1);
  assert.equal(lint.get("query-array-brackets"), 2);
});

test("request and response encodings are recorded for the runtime", async () => {
  const { byId } = await operations();
  const meta = (id: string) => operationMeta(get(byId, id));
  assert.equal(meta("postApiV4Projects").requestBody, "multipart/form-data");
  assert.equal(meta("postApiV4Markdown").requestBody, "application/x-www-form-urlencoded");
  assert.equal(meta("postApiV4GroupsIdDashEpics").requestBody, "application/json");
  assert.equal(meta("getApiV4ProjectsIdRepositoryFilesFilePathRaw").response, "binary");
  assert.equal(meta("getApiV4ProjectsIdRepositoryArchiveFormat").response, "binary");
  assert.equal(meta("getApiV4ProjectsIdMlArtifactsFilePath").response, "text");
  assert.equal(
    meta("getApiV4ProjectsProjectIdPackagesNugetV2PackagesIdPackageNameVersionPackageVersion")
      .response,
    "text",
  );
  assert.equal(meta("getApiV4ProjectsId").response, undefined, "JSON is the runtime default");
  assert.equal(get(byId, "getApiV4ProjectsId").response, "json");
  assert.equal(get(byId, "deleteApiV4ProjectsId").response, "none");
});

test("only GET operations with page or per_page are paginated", async () => {
  const { byId } = await operations();
  const paginated = [...byId.values()].filter((op) => op.paginated).map((op) => op.operationId);
  assert.deepEqual(paginated, ["getApiV4Projects"]);
});

test("modules come from the first tag; untagged operations get their own module", async () => {
  const { byId, lint } = await operations();
  assert.equal(get(byId, "postApiV4Projects").module, "projects");
  assert.equal(get(byId, "getApiV4SwaggerDoc").module, "untagged");
  assert.equal(
    get(byId, "getApiV4ProjectsIdPackagesHelmChannelChartsFileNameTgz").module,
    "packages-nuget",
  );
  assert.equal(moduleSlug("Packages: NuGet"), "packages-nuget");
  assert.equal(moduleSlug("To-dos"), "to-dos");
  assert.equal(lint.get("multi-tag-operation"), 1);
  assert.equal(lint.get("untagged-operation"), 1);
  assert.equal(lint.get("unused-tag"), 1);
});

test("manifest parameters carry location, required flag and type, body fields included", async () => {
  const { byId } = await operations();
  const params = get(byId, "postApiV4Projects").parameters;
  assert.deepEqual(params, [
    { name: "name", in: "body", required: true, type: "string" },
    {
      name: "visibility",
      in: "body",
      required: false,
      type: "string",
      enum: ["private", "internal", "public"],
    },
    { name: "avatar", in: "body", required: false, type: "binary" },
  ]);
  assert.deepEqual(get(byId, "getApiV4ProjectsId").parameters[0], {
    name: "id",
    in: "path",
    required: true,
    type: "integer|string",
  });
});

test("JSDoc facts: deprecation, lifecycle, docs link and the original spec path", async () => {
  const { byId, lint } = await operations();
  const remove = get(byId, "deleteApiV4ProjectsId");
  assert.equal(remove.deprecated, true);
  assert.equal(remove.lifecycle, "experiment");
  assert.equal(remove.docsUrl, "https://docs.gitlab.com/api/projects/");
  assert.equal(get(byId, "postApiV4GroupsIdDashEpics").specPath, "/api/v4/groups/{id}/(-/)epics");
  assert.equal(lint.get("no-success-schema"), 6);
  assert.equal(lint.get("literal-parentheses"), 2);
});
