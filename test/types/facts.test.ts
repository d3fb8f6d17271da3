// The generated response types agree with every fact in openapi/facts/evidence.json: one tsc run, under
// the repository's strict settings, over a file built from the facts (test/types/fact-checks.ts).

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { readFacts, type Fact } from "../../scripts/facts.js";
import { factChecks, indexGeneratedTypes, type TypeIndex } from "./fact-checks.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const generated = join(root, "generated");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

let dir: string;
let index: TypeIndex;

before(async () => {
  // Inside the repository (.tmp/ is ignored), so the check resolves @types/node like the sources do.
  await mkdir(join(root, ".tmp"), { recursive: true });
  dir = await mkdtemp(join(root, ".tmp", "facts-"));
  index = await indexGeneratedTypes(generated);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** tsc's diagnostics for the checks built from `facts` ("" when they all hold). */
async function compile(name: string, facts: readonly Fact[]): Promise<string> {
  const file = join(dir, `${name}.ts`);
  await writeFile(file, factChecks(facts, index, generated, join(root, "src")));
  await writeFile(
    join(dir, `${name}.json`),
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      include: [file],
      compilerOptions: { noEmit: true },
    }),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsc, "-p", join(dir, `${name}.json`)],
      { cwd: root },
      (error, stdout, stderr) => resolve(error ? `${stdout}${stderr}` || String(error) : ""),
    );
  });
}

test("every committed fact holds in the generated types", async () => {
  const { facts } = await readFacts(join(root, "openapi", "facts", "evidence.json"));
  assert.ok(facts.length > 1000, `only ${facts.length} facts`);
  assert.equal(await compile("facts", facts), "");
});

test("a type contradicting a fact fails the check, in both directions", async () => {
  // The merge request list's assignees: GitLab sends an array, always, never null.
  const truth: Fact = {
    target: "APIEntitiesMergeRequestBasic",
    path: "assignees",
    array: true,
    nullable: false,
    required: true,
    type: "object",
    sources: [],
  };
  assert.equal(await compile("truth", [truth]), "");
  const wrong = await compile("wrong", [
    { ...truth, array: false },
    { ...truth, nullable: true },
    { ...truth, required: false },
    { ...truth, path: "merged_at", nullable: false, type: "string", array: false },
    { ...truth, path: "title_html", required: true, type: "string", array: false, nullable: false },
  ]);
  assert.match(wrong, /wrong\.ts\(\d+,\d+\): error TS2322/); // assignees is a list, and never null
  assert.match(wrong, /error TS2578: Unused '@ts-expect-error' directive/); // merged_at admits null
  assert.equal(wrong.match(/error TS/g)?.length, 5, wrong);
});
