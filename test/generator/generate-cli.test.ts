import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { test } from "node:test";
import {
  QUIRKS,
  REPO_ROOT,
  runScript,
  serve,
  snapshot,
  tempDir,
  unreachableUrl,
  type RunResult,
} from "./helpers.js";

type Context = Parameters<typeof tempDir>[0];

/** Generates the quirks fixture into a fresh directory; no lock file, so nothing is pinned. */
async function generated(t: Context, ...extra: string[]): Promise<{ out: string; dir: string }> {
  const dir = await tempDir(t);
  const out = join(dir, "generated");
  const result = await runScript("generate.ts", [
    "--spec",
    QUIRKS,
    "--out",
    out,
    "--lock",
    join(dir, "spec.lock.json"),
    ...extra,
  ]);
  assert.equal(result.code, 0, result.stderr);
  return { out, dir };
}

/** Verified downloads are cached beside the temporary lock, not in the repository's cache. */
function generate(out: string, lock: string, ...args: string[]): Promise<RunResult> {
  return runScript("generate.ts", ["--out", out, "--lock", lock, ...args], {
    GITLAB_OPENAPI_CACHE: join(dirname(lock), "cache"),
  });
}

test("the same spec generates byte-identical files, each with a header and no absolute path", async (t) => {
  const first = await generated(t);
  const second = await generated(t);
  const a = await snapshot(first.out);
  const b = await snapshot(second.out);
  assert.deepEqual([...a.keys()], [...b.keys()]);
  assert.deepEqual(a, b);
  const sha = createHash("sha256")
    .update(await readFile(QUIRKS))
    .digest("hex");
  for (const [file, content] of a) {
    assert.ok(
      content.includes("do not edit; rerun npm run generate"),
      `${file} says it is generated`,
    );
    assert.ok(
      content.includes(`Mini GitLab 1.0 OpenAPI description, sha256 ${sha}`),
      `${file} names the spec`,
    );
    assert.ok(
      !content.includes(REPO_ROOT) && !content.includes(first.dir),
      `${file} has no absolute path`,
    );
  }
  assert.deepEqual(
    [...a.keys()],
    [
      "endpoints/epics.ts",
      "endpoints/packages-nuget.ts",
      "endpoints/projects.ts",
      "endpoints/untagged.ts",
      "index.ts",
      "manifest.json",
      "paths.ts",
      "response-schemas.json",
      "spec-lint.json",
      "type-accuracy.json",
      "types/epics.ts",
      "types/packages-nuget.ts",
      "types/projects.ts",
      "types/untagged.ts",
    ],
  );
});

test("endpoint modules carry GitLab's documentation and the endpoint() call", async (t) => {
  const { out } = await generated(t);
  const projects = await readFile(join(out, "endpoints", "projects.ts"), "utf8");
  assert.match(
    projects,
    /import \{ endpoint, type Endpoint \} from "\.\.\/\.\.\/src\/endpoint\.js";/,
  );
  assert.match(projects, /import type \{ operations \} from "\.\.\/types\/projects\.js";/);
  const remove = projects.slice(projects.indexOf(" * Delete a project"));
  assert.match(remove, /`DELETE \/api\/v4\/projects\/\{id\}`/);
  assert.match(remove, /@see https:\/\/docs\.gitlab\.com\/api\/projects\//);
  assert.match(remove, /@experimental/);
  assert.match(remove, /@deprecated/);
  assert.match(
    remove,
    /export const deleteApiV4ProjectsId: Endpoint<operations\["deleteApiV4ProjectsId"\]> = \/\* @__PURE__ \*\/ endpoint\(\{/,
  );
  assert.ok(projects.includes("A comment close *\\/ must not end the JSDoc."));
  const index = await readFile(join(out, "index.ts"), "utf8");
  assert.match(index, /export \* from "\.\/endpoints\/packages-nuget\.js";/);
});

test("--check passes on fresh output and names changed, missing and extra files", async (t) => {
  const { out, dir } = await generated(t);
  const lock = join(dir, "spec.lock.json");
  const fresh = await generate(out, lock, "--spec", QUIRKS, "--check");
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.match(fresh.stdout, /is up to date/);

  await writeFile(join(out, "endpoints", "projects.ts"), "// edited by hand\n");
  await rm(join(out, "types", "epics.ts"));
  await writeFile(join(out, "endpoints", "removed-tag.ts"), "export {};\n");
  const before = await snapshot(out);
  const stale = await generate(out, lock, "--spec", QUIRKS, "--check");
  assert.equal(stale.code, 1);
  assert.match(stale.stderr, /changed: .*endpoints\/projects\.ts/);
  assert.match(stale.stderr, /missing: .*types\/epics\.ts/);
  assert.match(stale.stderr, /extra: .*endpoints\/removed-tag\.ts/);
  assert.deepEqual(await snapshot(out), before, "--check writes nothing");
});

test("bad input fails with a clear message and leaves the output untouched", async (t) => {
  const { out, dir } = await generated(t);
  const lock = join(dir, "spec.lock.json");
  const before = await snapshot(out);
  const write = async (name: string, text: string) => {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  };
  const swagger = await write(
    "swagger.yaml",
    'swagger: "2.0"\ninfo: { title: old, version: "1" }\npaths: {}\n',
  );
  const invalid = await write("invalid.yaml", "openapi: 3.0.0\npaths:\n  /a: [unclosed\n");
  const notOpenApi = await write("not-openapi.yaml", "just: a mapping\n");
  const list = await write("list.yaml", "- openapi\n- 3.0.0\n");

  const cases: [string, string[], RegExp][] = [
    [
      "missing file",
      ["--spec", join(dir, "nope.yaml")],
      /cannot read the spec file .*nope\.yaml: no such file/,
    ],
    ["invalid YAML", ["--spec", invalid], /invalid YAML in .*invalid\.yaml/],
    ["Swagger 2", ["--spec", swagger], /is Swagger 2\.0, not OpenAPI 3/],
    [
      "no openapi field",
      ["--spec", notOpenApi],
      /is not an OpenAPI 3 document \(no openapi field\)/,
    ],
    ["not a mapping", ["--spec", list], /is not an OpenAPI document/],
    [
      "unreachable URL",
      ["--spec", await unreachableUrl()],
      /cannot download the spec from http:\/\/127\.0\.0\.1:\d+\/openapi_v3\.yaml: ECONNREFUSED/,
    ],
    [
      "HTTP error",
      ["--spec", await serve(t, 404, "not found")],
      /cannot download the spec .*: HTTP 404/,
    ],
  ];
  for (const [name, args, message] of cases) {
    const result = await generate(out, lock, ...args);
    assert.equal(result.code, 1, `${name}: exit code`);
    assert.match(result.stderr, message, name);
    assert.match(result.stderr, /Nothing was written/, name);
    assert.deepEqual(await snapshot(out), before, `${name}: output untouched`);
  }
});

test("a spec whose SHA-256 differs from the lock is refused, from a file or a URL", async (t) => {
  const { out, dir } = await generated(t);
  const lock = join(dir, "spec.lock.json");
  await writeFile(lock, JSON.stringify({ version: "0.9", sha256: "0".repeat(64), bytes: 10 }));
  const before = await snapshot(out);
  const url = await serve(t, 200, await readFile(QUIRKS));
  for (const spec of [QUIRKS, url]) {
    const result = await generate(out, lock, "--spec", spec);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /SHA-256 mismatch for .*: got [0-9a-f]{64} \(\d+ bytes\), .* pins 0{64}/,
    );
    assert.match(result.stderr, /--update-lock/);
    assert.deepEqual(await snapshot(out), before);
  }
});

test("a URL download matching the lock generates; --update-lock pins a new spec", async (t) => {
  const { out, dir } = await generated(t);
  const lock = join(dir, "spec.lock.json");
  const bytes = await readFile(QUIRKS);
  const url = await serve(t, 200, bytes);

  const pinned = await generate(out, lock, "--spec", url, "--update-lock");
  assert.equal(pinned.code, 0, pinned.stderr);
  assert.deepEqual(JSON.parse(await readFile(lock, "utf8")), {
    version: "1.0",
    sha256: createHash("sha256").update(bytes).digest("hex"),
    bytes: bytes.length,
    url: "https://gitlab.com/gitlab-org/gitlab/-/raw/v1.0.0-ee/doc/api/openapi/openapi_v3.yaml",
  });

  const verified = await generate(out, lock, "--spec", url);
  assert.equal(verified.code, 0, verified.stderr);
  assert.match(verified.stdout, /lock verified/);
});

test("usage errors exit 2", async (t) => {
  const dir = await tempDir(t);
  const result = await generate(
    join(dir, "out"),
    join(dir, "lock.json"),
    "--check",
    "--update-lock",
  );
  assert.equal(result.code, 2);
  assert.match(result.stderr, /cannot be combined/);
  const unknown = await runScript("generate.ts", ["--bogus"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /usage: npm run generate/);
});
