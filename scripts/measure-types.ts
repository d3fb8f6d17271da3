// npm run measure-types [-- --list] [--write-docs]
//
// --write-docs rewrites the figures docs/generator.md and README.md quote (their accuracy blocks).
// Prints how true the response types are against GitLab's evidence: the facts the generator applies
// (in-sample), the held-out facts it never reads, and, for comparison, the spec as openapi/fixes.yaml
// alone leaves it. The same figures are in generated/type-accuracy.json (npm run generate).

import { join } from "node:path";
import { readFacts } from "./facts.js";
import { loadSpec, REPO_ROOT } from "./spec.js";
import { readFile, writeFile } from "node:fs/promises";
import {
  accuracyDocs,
  accuracyReport,
  fieldDefects,
  measureAccuracy,
  withAccuracyBlock,
  type Accuracy,
} from "./type-accuracy.js";
import { locateParent, operationsById } from "./response-places.js";
import type { Fact } from "./facts.js";

function line(label: string, a: Accuracy): string {
  const d = a.defects;
  return (
    `${label.padEnd(28)} ${String(a.fields).padStart(5)} fields  wrong-shaped ${a.percent.wrongShaped}% ` +
    `(missing ${d.missing}, unknown ${d.unknown}, array ${d.array}, null ${d.null}, scalar ${d.scalar})  ` +
    `still optional ${a.percent.stillOptional}% of ${a.requiredByGitlab}  over-permissive ${a.percent.overPermissive}% ` +
    `(nullable ${d["over-nullable"]}, required ${d["over-required"]}, union ${d["wider-union"]})`
  );
}

const facts = (await readFacts(join(REPO_ROOT, "openapi", "facts", "evidence.json"))).facts;
const heldOut = (await readFacts(join(REPO_ROOT, "openapi", "facts", "heldout.json"))).facts;
const before = await loadSpec({ evidence: false });
const after = await loadSpec();
console.log(line("spec + fixes.yaml, in-sample", measureAccuracy(before.document, facts)));
console.log(line("spec + fixes.yaml, held out", measureAccuracy(before.document, heldOut)));
console.log(line("generated, in-sample", measureAccuracy(after.document, facts)));
console.log(line("generated, held out", measureAccuracy(after.document, heldOut)));
const trained = new Set(facts.map((fact) => `${fact.target}#${fact.path}`));
const unseen = heldOut.filter((fact) => !trained.has(`${fact.target}#${fact.path}`));
console.log(line("generated, held out, unseen", measureAccuracy(after.document, unseen)));

if (process.argv.includes("--list")) {
  // Every field still wrong after generation, to find the rule or fact it needs.
  const operations = operationsById(after.document);
  const show = (label: string, list: readonly Fact[]) => {
    for (const fact of list) {
      if (fact.path === "" || fact.path.endsWith("[]")) continue;
      const located = locateParent(after.document, fact.target, fact.path, operations);
      const defects = located ? fieldDefects(located.parent, located.name, fact) : ["missing"];
      if (defects.length > 0)
        console.log(`${label} ${fact.target}#${fact.path}: ${defects.join(", ")}`);
    }
  };
  show("in-sample", facts);
  show("held-out", heldOut);
}

if (process.argv.includes("--write-docs") && after.evidence) {
  const docs = accuracyDocs(accuracyReport(after.document, after.evidence));
  for (const [file, block] of [
    ["docs/generator.md", docs.generator],
    ["README.md", docs.readme],
  ] as const) {
    const path = join(REPO_ROOT, file);
    const updated = withAccuracyBlock(await readFile(path, "utf8"), block);
    if (updated === undefined) throw new Error(`${file} has no accuracy block`);
    await writeFile(path, updated);
  }
}
