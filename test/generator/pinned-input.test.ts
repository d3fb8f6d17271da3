// How a clone finds its pinned input (scripts/gitlab-input.ts): beside the repository, in the cache,
// else downloaded from the lock's URL or a mirror, always verified, cached after the first verified
// read. GitLab's URL is never used here: each lock points at a server on 127.0.0.1 (or one that is gone).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { QUIRKS, runScript, serveRecording, tempDir, unreachableUrl } from "./helpers.js";

type Context = Parameters<typeof tempDir>[0];

const quirks = await readFile(QUIRKS);
const quirksSha = createHash("sha256").update(quirks).digest("hex");

/** A lock pinning the quirks fixture, published (the lock says) at `url`; and a cache of its own. */
async function pinnedSetup(t: Context, url: string) {
  const dir = await tempDir(t);
  const lock = join(dir, "spec.lock.json");
  await writeFile(
    lock,
    JSON.stringify({ version: "1.0", sha256: quirksSha, bytes: quirks.length, url }),
  );
  const cache = join(dir, "cache");
  const out = join(dir, "generated");
  const generate = (env: Record<string, string> = {}) =>
    runScript("generate.ts", ["--out", out, "--lock", lock], {
      GITLAB_OPENAPI_CACHE: cache,
      ...env,
    });
  const cached = async () => readdir(cache).catch(() => [] as string[]);
  return { generate, cached, cache };
}

test("a spec given once by URL is cached: later runs need neither the server nor the variable", async (t) => {
  const server = await serveRecording(200, quirks);
  t.after(server.close);
  const { generate, cached } = await pinnedSetup(t, await unreachableUrl());

  const first = await generate({ GITLAB_OPENAPI_SPEC: server.url });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /lock verified/);
  assert.deepEqual(await cached(), [quirksSha]);
  assert.equal(server.paths.length, 1);

  // The same URL again is answered from the cache: the pinned bytes are already there.
  const again = await generate({ GITLAB_OPENAPI_SPEC: server.url });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(server.paths.length, 1, "not downloaded twice");

  await server.close();
  const offline = await generate();
  assert.equal(offline.code, 0, offline.stderr);
  assert.match(offline.stdout, /lock verified/);
  assert.match(offline.stdout, new RegExp(`from cache .*${quirksSha}`));
});

test("the lock's URL is downloaded, verified and cached; bytes that differ are refused and not kept", async (t) => {
  const wrong = await serveRecording(200, Buffer.concat([quirks, Buffer.from("# tampered\n")]));
  t.after(wrong.close);
  const refused = await pinnedSetup(t, wrong.url);
  const result = await refused.generate();
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    new RegExp(
      `${wrong.url.replace(/[.]/g, "\\.")}: refused: SHA-256 [0-9a-f]{64} \\(${quirks.length + 11} bytes\\) is not the pinned ${quirksSha}`,
    ),
  );
  assert.deepEqual(await refused.cached(), []);

  const right = await serveRecording(200, quirks);
  t.after(right.close);
  const fetched = await pinnedSetup(t, right.url);
  const ok = await fetched.generate();
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`from ${right.url.replace(/[.]/g, "\\.")}`));
  assert.deepEqual(await fetched.cached(), [quirksSha]);
});

test("GITLAB_OPENAPI_MIRROR replaces https://gitlab.com/ in the lock's URL, same path", async (t) => {
  const mirror = await serveRecording(200, quirks);
  t.after(mirror.close);
  const { generate } = await pinnedSetup(
    t,
    "https://gitlab.com/gitlab-org/gitlab/-/raw/v1.0.0-ee/doc/api/openapi/openapi_v3.yaml",
  );
  const result = await generate({ GITLAB_OPENAPI_MIRROR: `${mirror.origin}/gitlab-com/` });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(mirror.paths, [
    "/gitlab-com/gitlab-org/gitlab/-/raw/v1.0.0-ee/doc/api/openapi/openapi_v3.yaml",
  ]);
});

test("offline with nothing provided, the error lists each place tried and how to provide the file", async (t) => {
  const gone = await unreachableUrl();
  const { generate, cache } = await pinnedSetup(t, gone);
  const result = await generate();
  assert.equal(result.code, 1);
  const lines = result.stderr;
  assert.match(
    lines,
    /cannot find GitLab's OpenAPI description \(GitLab 1\.0, pinned by .*\). Tried:/,
  );
  // The copy beside the repository is GitLab 19.5's, not the pinned fixture: refused, not used.
  assert.match(lines, /- .*gitlab-19\.5-openapi_v3\.yaml: (refused: SHA-256|no such file)/);
  assert.match(lines, new RegExp(`- cache ${join(cache, quirksSha)}: no such file`));
  assert.match(lines, new RegExp(`- ${gone.replace(/[.]/g, "\\.")}: ECONNREFUSED`));
  assert.match(lines, /GITLAB_OPENAPI_SPEC=<path or http\(s\) URL>/);
  assert.match(lines, /GITLAB_OPENAPI_MIRROR/);
  assert.match(lines, /Nothing was written/);
});
