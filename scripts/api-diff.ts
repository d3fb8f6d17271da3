// npm run api-diff -- <old spec> <new spec> [--out <file>]
// npm run api-diff -- --against-manifest [<spec>] [--manifest <file>] [--out <file>]
//
// Reports added, removed and changed operations between two GitLab OpenAPI descriptions (or between the
// committed generated/manifest.json and a description) as Markdown for a changelog. Both sides go
// through the same fixes as the generator, so only GitLab's changes show, not the repairs.

import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SpecFixError } from "./fix-rules.js";
import { buildManifest, parseManifest, type Manifest } from "./manifest.js";
import { diffManifests, diffMarkdown } from "./manifest-diff.js";
import { collectOperations } from "./operations.js";
import { SpecError } from "./spec-source.js";
import { loadSpec, REPO_ROOT } from "./spec.js";

const USAGE = [
  "usage: npm run api-diff -- <old spec> <new spec> [--out <file>]",
  "       npm run api-diff -- --against-manifest [<spec>] [--manifest <file>] [--out <file>]",
].join("\n");

class UsageError extends Error {}

async function manifestOfSpec(spec: string | undefined): Promise<Manifest> {
  const loaded = await loadSpec({ spec, verifyLock: false });
  console.error(`Read ${loaded.title} ${loaded.version} from ${loaded.source}`);
  return buildManifest(loaded, collectOperations(loaded.document, loaded.lint));
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "against-manifest": { type: "boolean", default: false },
        manifest: { type: "string" },
        out: { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;

  let before: Manifest;
  let after: Manifest;
  if (values["against-manifest"]) {
    if (positionals.length > 1) throw new UsageError("--against-manifest takes at most one spec");
    const file =
      values.manifest === undefined
        ? join(REPO_ROOT, "generated", "manifest.json")
        : resolve(values.manifest);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      throw new SpecError(`cannot read the manifest ${file}`);
    }
    before = parseManifest(text, file);
    after = await manifestOfSpec(positionals[0]);
  } else {
    if (positionals.length !== 2 || values.manifest !== undefined) {
      throw new UsageError("give an old and a new spec, or --against-manifest");
    }
    before = await manifestOfSpec(positionals[0]);
    after = await manifestOfSpec(positionals[1]);
  }

  const markdown = diffMarkdown(diffManifests(before, after));
  if (values.out === undefined) process.stdout.write(markdown);
  else await writeFile(resolve(values.out), markdown);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof SpecError || error instanceof SpecFixError) {
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error("error: api-diff failed:", error);
    process.exitCode = 1;
  }
});
