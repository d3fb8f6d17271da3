// Type tests for generated endpoints: the checks live in `typeChecks`, which never runs; the test below
// compiles this file with tsc (test/types/tsconfig.json), so a wrong type or a stale @ts-expect-error
// fails `npm test` as well as `npm run typecheck`.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { components, operations } from "../../generated/types/projects.js";
import {
  deleteApiV4ProjectsId,
  getApiV4Projects,
  getApiV4ProjectsId,
  getApiV4ProjectsIdIssues,
  getApiV4ProjectsIdLanguages,
  postApiV4ProjectsIdIssues,
} from "../../generated/endpoints/projects.js";
import {
  getApiV4ProjectsIdRepositoryFilesFilePathRaw,
  postApiV4ProjectsIdRepositoryFilesFilePath,
  putApiV4ProjectsIdRepositoryFilesFilePath,
} from "../../generated/endpoints/files.js";
import { postApiV4ProjectsIdRepositoryCommits } from "../../generated/endpoints/commits.js";
import type { operations as CommitOperations } from "../../generated/types/commits.js";
import type { components as JobComponents } from "../../generated/types/ci-jobs.js";
import type { EndpointParams, EndpointResult } from "../../src/endpoint.js";
import type { Gitlab } from "../../src/gitlab.js";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Schemas = components["schemas"];

export type ResultTypes = [
  // A single project: the 200 JSON schema.
  Expect<
    Equal<
      Result<typeof getApiV4ProjectsId>,
      Schemas["APIEntitiesProjectsWithAccessAndCatalogSetting"]
    >
  >,
  Expect<
    Equal<
      EndpointResult<operations["getApiV4ProjectsId"]>,
      Schemas["APIEntitiesProjectsWithAccessAndCatalogSetting"]
    >
  >,
  // A paginated list is an array (the spec's single-object declaration is fixed in openapi/fixes.yaml).
  Expect<Equal<Result<typeof getApiV4ProjectsIdIssues>, Schemas["APIEntitiesIssue"][]>>,
  // No schema in the spec: unknown, honestly.
  Expect<Equal<Result<typeof deleteApiV4ProjectsId>, unknown>>,
  // Binary downloads are Buffers (openapi-typescript types them Blob; the runtime gives bytes).
  Expect<Equal<Result<typeof getApiV4ProjectsIdRepositoryFilesFilePathRaw>, Buffer>>,
  // Shape added by a targeted fix.
  Expect<Equal<Result<typeof getApiV4ProjectsIdLanguages>, { [key: string]: number }>>,
  // The body is the request schema.
  Expect<
    Equal<EndpointParams<operations["postApiV4ProjectsIdIssues"]>["body"]["title"], string | null>
  >,
  // Create a commit takes GitLab's documented JSON body (the spec's multipart `file` is fixed in
  // openapi/fixes.yaml): branch and actions, not a Blob.
  Expect<Equal<CommitBody["branch"], string>>,
  Expect<Equal<CommitBody["actions"][number]["action"], CommitAction>>,
  Expect<Equal<"file" extends keyof CommitBody ? true : false, false>>,
  // Settings GitLab returns as booleans, typed string in the spec (schema fixes in openapi/fixes.yaml).
  // The job's project is exposed unconditionally (rule exposed-field-present), so the field is always there.
  Expect<
    Equal<
      NonNullable<
        JobComponents["schemas"]["APIEntitiesCiJob"]["project"]
      >["ci_job_token_scope_enabled"],
      boolean
    >
  >,
  Expect<
    Equal<
      Schemas["APIEntitiesProjectsWithAccessAndCatalogSetting"]["merge_trains_enabled"],
      boolean | undefined
    >
  >,
];

type CommitBody = EndpointParams<CommitOperations["postApiV4ProjectsIdRepositoryCommits"]>["body"];
type CommitAction = "create" | "delete" | "move" | "update" | "chmod";

export async function typeChecks(gl: Gitlab): Promise<void> {
  // Path parameters are required, typed string | number.
  await getApiV4ProjectsId(gl, { path: { id: 1 } });
  await getApiV4ProjectsId(gl, { path: { id: "gitlab-org/gitlab" }, query: { statistics: true } });
  // @ts-expect-error params with the path are required
  await getApiV4ProjectsId(gl);
  // @ts-expect-error path.id is required
  await getApiV4ProjectsId(gl, { path: {} });
  // @ts-expect-error an ID is a string or a number
  await getApiV4ProjectsId(gl, { path: { id: true } });
  // @ts-expect-error unknown query parameter
  await getApiV4ProjectsId(gl, { path: { id: 1 }, query: { nope: 1 } });
  // @ts-expect-error no body on a GET
  await getApiV4ProjectsId(gl, { path: { id: 1 }, body: {} });

  // Everything optional: params may be omitted.
  await getApiV4Projects(gl);
  await getApiV4Projects(gl, { query: { per_page: 100, topic: ["ruby", "go"] } });
  // @ts-expect-error per_page is a number
  await getApiV4Projects(gl, { query: { per_page: "100" } });

  // A required JSON body, typed from its schema.
  await postApiV4ProjectsIdIssues(gl, { path: { id: 1 }, body: { title: "Bug", labels: ["p1"] } });
  // @ts-expect-error the body is required
  await postApiV4ProjectsIdIssues(gl, { path: { id: 1 } });
  // @ts-expect-error body.title is required
  await postApiV4ProjectsIdIssues(gl, { path: { id: 1 }, body: { description: "no title" } });
  // @ts-expect-error body.weight is a number
  await postApiV4ProjectsIdIssues(gl, { path: { id: 1 }, body: { title: "Bug", weight: "3" } });

  // Commits and repository files take JSON bodies.
  await postApiV4ProjectsIdRepositoryCommits(gl, {
    path: { id: "group/project" },
    body: {
      branch: "main",
      commit_message: "Add and remove",
      actions: [
        { action: "create", file_path: "a.txt", content: "aGk=", encoding: "base64" },
        { action: "delete", file_path: "b.txt" },
        { action: "chmod", file_path: "run.sh", execute_filemode: true },
      ],
    },
  });
  await postApiV4ProjectsIdRepositoryCommits(gl, {
    path: { id: 1 },
    // @ts-expect-error actions is required
    body: { branch: "main", commit_message: "Nothing" },
  });
  await postApiV4ProjectsIdRepositoryCommits(gl, {
    path: { id: 1 },
    // @ts-expect-error "rename" is no action GitLab knows
    body: { branch: "main", commit_message: "m", actions: [{ action: "rename", file_path: "a" }] },
  });
  await postApiV4ProjectsIdRepositoryFilesFilePath(gl, {
    path: { id: 1, file_path: "src/app.rb" },
    body: { branch: "main", commit_message: "Add", content: "puts 1", execute_filemode: false },
  });
  await putApiV4ProjectsIdRepositoryFilesFilePath(gl, {
    path: { id: 1, file_path: "src/app.rb" },
    body: { branch: "main", commit_message: "Update", content: "puts 2", last_commit_id: "abc" },
  });
  await postApiV4ProjectsIdRepositoryFilesFilePath(gl, {
    path: { id: 1, file_path: "src/app.rb" },
    // @ts-expect-error a file is created from its content, not uploaded as a Blob
    body: { branch: "main", commit_message: "Add", content: "", file: new Blob(["puts 1"]) },
  });
}

const root = fileURLToPath(new URL("../..", import.meta.url));

test("generated endpoint types hold (tsc over this file)", async () => {
  const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
  const output = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [tsc, "--noEmit", "-p", "test/types/tsconfig.json"],
      { cwd: root },
      (error, stdout, stderr) => resolve(error ? `${stdout}${stderr}` || String(error) : ""),
    );
  });
  assert.equal(output, "");
});

test("endpoints carry their metadata at runtime", () => {
  assert.deepEqual(getApiV4ProjectsIdIssues.meta, {
    operationId: "getApiV4ProjectsIdIssues",
    method: "GET",
    path: "/api/v4/projects/{id}/issues",
    queryArrays: getApiV4ProjectsIdIssues.meta.queryArrays,
  });
  assert.equal(getApiV4ProjectsIdRepositoryFilesFilePathRaw.meta.response, "binary");
  // The spec's multipart `file` bodies are fixed to GitLab's documented JSON (openapi/fixes.yaml).
  for (const fn of [
    postApiV4ProjectsIdRepositoryCommits,
    postApiV4ProjectsIdRepositoryFilesFilePath,
    putApiV4ProjectsIdRepositoryFilesFilePath,
  ]) {
    assert.equal(fn.meta.requestBody, "application/json", fn.meta.operationId);
  }
  assert.equal(typeof typeChecks, "function");
});
