import assert from "node:assert/strict";
import { test } from "node:test";
import {
  hasLiteralParentheses,
  hasSuffixAfterParameter,
  optionalGroups,
  resolveOptionalGroups,
  templateParameters,
} from "../../scripts/grape-paths.js";

test("an optional group without a parameter is dropped, with the full form as fallback", () => {
  assert.deepEqual(resolveOptionalGroups("/api/v4/groups/{id}/(-/)epics"), [
    "/api/v4/groups/{id}/epics",
    "/api/v4/groups/{id}/-/epics",
  ]);
  assert.deepEqual(resolveOptionalGroups("/api/v4/projects/{id}/(-/)search/semantic"), [
    "/api/v4/projects/{id}/search/semantic",
    "/api/v4/projects/{id}/-/search/semantic",
  ]);
});

test("an optional group holding a parameter is kept, since the operation declares it", () => {
  assert.deepEqual(resolveOptionalGroups("/projects/{id}/repository/archive(/{sha})"), [
    "/projects/{id}/repository/archive/{sha}",
  ]);
  assert.deepEqual(resolveOptionalGroups("/projects/{id}/repository/archive(.{format})"), [
    "/projects/{id}/repository/archive.{format}",
  ]);
});

test("nested optional groups resolve from the outside in", () => {
  assert.deepEqual(resolveOptionalGroups("/a(/b(/{c}))"), ["/a/b/{c}"]);
  assert.deepEqual(resolveOptionalGroups("/a(/b(/c))"), ["/a", "/a/b/c"]);
});

test("NuGet's OData parentheses are literal, not optional groups", () => {
  const packages =
    "/api/v4/projects/{project_id}/packages/nuget/v2/Packages(Id='{package_name}',Version='{package_version}')";
  const find = "/api/v4/projects/{project_id}/packages/nuget/v2/FindPackagesById()";
  assert.deepEqual(optionalGroups(packages), []);
  assert.deepEqual(resolveOptionalGroups(packages), [packages]);
  assert.deepEqual(resolveOptionalGroups(find), [find]);
  assert.ok(hasLiteralParentheses(packages));
  assert.ok(hasLiteralParentheses(find));
  assert.ok(!hasLiteralParentheses("/api/v4/groups/{id}/(-/)epics"));
  assert.deepEqual(templateParameters(packages), ["project_id", "package_name", "package_version"]);
});

test("a parameter followed by literal text in its segment is recognised", () => {
  assert.ok(hasSuffixAfterParameter("/packages/helm/{channel}/charts/{file_name}.tgz"));
  assert.ok(hasSuffixAfterParameter("/packages/go/{module_name}/@v/{module_version}.info"));
  assert.ok(!hasSuffixAfterParameter("/projects/{id}/repository/files/{file_path}/raw"));
});
