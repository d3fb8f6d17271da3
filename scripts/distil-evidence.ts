// npm run distil-evidence [-- --gitlab <dir>]... [--out <dir>]
//
// Distils GitLab's own descriptions of its responses (response JSON schemas, doc examples) into the
// facts committed in openapi/facts/: evidence.json, which the generator applies, and heldout.json,
// which only the accuracy measurement reads. GitLab's files stay outside the repository. Each --gitlab
// folder is laid out like GitLab's repository (a checkout of the release, or a partial copy with a
// provenance.json), or is an evidence set with entities.json; default ../shared/gitlab-evidence.

import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { distil } from "./distil.js";
import { writeFacts } from "./facts.js";
import { EvidenceError, readGitlabEvidence } from "./gitlab-evidence.js";
import { loadSpec, REPO_ROOT } from "./spec.js";

const USAGE = "usage: npm run distil-evidence -- [--gitlab <dir>]... [--out <dir>]";

export const FACTS_DIR = join(REPO_ROOT, "openapi", "facts");

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { gitlab: { type: "string", multiple: true }, out: { type: "string" } },
    }));
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const dirs = (values.gitlab ?? [join(REPO_ROOT, "..", "shared", "gitlab-evidence")]).map((d) =>
    resolve(d),
  );
  const out = values.out === undefined ? FACTS_DIR : resolve(values.out);
  const evidence = await readGitlabEvidence(dirs);
  // The facts describe the spec as fixes.yaml leaves it, before any evidence is applied.
  const spec = await loadSpec({ evidence: false });
  const { facts, heldOut, unmatched } = distil(spec.document, evidence);
  await mkdir(out, { recursive: true });
  const about = (use: string) =>
    `Distilled by npm run distil-evidence from GitLab's response schemas and doc examples (sources below); ${use}. Do not edit: rerun the script on GitLab's files.`;
  await writeFacts(join(out, "evidence.json"), facts, about("applied by npm run generate"));
  await writeFacts(
    join(out, "heldout.json"),
    heldOut,
    about("held out from generation: only the accuracy measurement reads them"),
  );
  console.log(
    `${evidence.schemas.size} schemas, ${evidence.samples.length} mapped samples: ` +
      `${facts.facts.length} facts (${Object.keys(facts.sources).length} sources), ` +
      `${heldOut.facts.length} held-out facts (${Object.keys(heldOut.sources).length} sources) in ${out}`,
  );
  if (unmatched.length > 0) {
    console.log(
      `${unmatched.length} schemas match no response schema of the spec:\n  ${unmatched.join("\n  ")}`,
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`error: ${error instanceof EvidenceError ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
