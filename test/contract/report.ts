// The contract run's summary: what was validated, and every exception with its reason. The same
// Markdown goes to the test output and, between markers, into docs/contract-tests.md.

import type { ManifestOperation } from "../../scripts/manifest.js";
import type { KnownException } from "./known-exceptions.js";

export interface OperationResult {
  readonly op: ManifestOperation;
  /** Prism found the request valid (possibly with the adjustments below). */
  readonly validated: boolean;
  readonly singleValued: readonly string[];
  readonly omitted: readonly string[];
  readonly formNested: readonly string[];
  /** A known exception that applied (the request was not valid as sent). */
  readonly known?: KnownException;
  /** A valid request whose response the client or Prism had trouble with. */
  readonly responseProblem?: string;
  /** Anything else: a failure of the contract. */
  readonly failure?: string;
}

export const DOC_BEGIN = "<!-- contract-tests:begin (written by test/contract; do not edit) -->";
export const DOC_END = "<!-- contract-tests:end -->";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(", ");

export function summarize(results: readonly OperationResult[]): string {
  const total = results.length;
  const validated = results.filter((r) => r.validated);
  const singleValued = results.filter((r) => r.singleValued.length > 0);
  const omitted = results.filter((r) => r.omitted.length > 0);
  const formNested = results.filter((r) => r.formNested.length > 0);
  const known = results.filter((r) => r.known !== undefined);
  const response = results.filter((r) => r.responseProblem !== undefined);
  const failures = results.filter((r) => r.failure !== undefined);
  const exact = validated.filter(
    (r) => r.singleValued.length === 0 && r.omitted.length === 0,
  ).length;
  const lines = [
    `Validated by Prism: **${validated.length} of ${total}** operations (${exact} with every parameter` +
      " and field as the client sends it; the others with a parameter or field Prism cannot read, below).",
    "",
    "| exception | operations | validated | reason |",
    "| --- | ---: | --- | --- |",
    `| bracket array sent single-valued | ${singleValued.length} | yes, without the bracket form | Prism reads query arrays the OpenAPI way and ignores \`name[]=v\`; the array parameter is given one value, so the client sends \`name=v\` and Prism validates that value. The bracket form itself is checked locally. |`,
    `| bracket-named array left out | ${omitted.length} | yes, without that parameter | \`not[labels]\`-style arrays go out as \`not[labels][]=v\`, which no OpenAPI style describes and Prism cannot match; the rest of the request is validated. |`,
    `| form array or hash field unvalidated | ${formNested.length} | yes, except those fields | multipart and form bodies carry arrays and hashes as Rack reads them (\`name[]=v\`, \`name[key]=v\`); Prism does not map them back to \`name\` and ignores them as unknown fields. They are sent and listed below. |`,
    ...groupKnown(known),
    `| response side (recorded, not failing) | ${response.length} | yes | the request was valid; Prism's mocked response or the client's decoding of it was not (below). |`,
    "",
  ];
  if (known.length > 0) {
    lines.push(
      "Operations not validated:",
      "",
      "| operation | request | category | reason |",
      "| --- | --- | --- | --- |",
    );
    for (const r of known)
      lines.push(
        `| \`${r.op.operationId}\` | ${r.op.method} \`${r.op.path}\` | ${r.known?.category} | ${cell(r.known?.reason ?? "")} |`,
      );
    lines.push("");
  }
  lines.push(
    "Parameters and fields Prism could not validate as the client sends them:",
    "",
    "| operation | query array single-valued | query array left out | form fields unvalidated |",
    "| --- | --- | --- | --- |",
  );
  for (const r of results) {
    if (r.singleValued.length + r.omitted.length + r.formNested.length === 0) continue;
    lines.push(
      `| \`${r.op.operationId}\` | ${code(r.singleValued)} | ${code(r.omitted)} | ${code(r.formNested)} |`,
    );
  }
  lines.push("");
  if (response.length > 0) {
    lines.push(
      "Response-side problems (the request was valid):",
      "",
      "| operation | problem |",
      "| --- | --- |",
    );
    for (const r of response)
      lines.push(`| \`${r.op.operationId}\` | ${cell(r.responseProblem ?? "")} |`);
    lines.push("");
  }
  if (failures.length > 0) {
    lines.push(`**Failures: ${failures.length}**`, "");
    for (const r of failures) lines.push(`- \`${r.op.operationId}\`: ${r.failure}`);
    lines.push("");
  }
  return lines.join("\n");
}

function groupKnown(known: readonly OperationResult[]): string[] {
  const byCategory = new Map<string, number>();
  for (const r of known) {
    const category = r.known?.category ?? "?";
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
  }
  return [...byCategory].map(
    ([category, count]) =>
      `| known exception: ${category} | ${count} | no | per operation, below |`,
  );
}

/** `doc` with the text between the markers replaced by `summary`. */
export function replaceSection(doc: string, summary: string): string {
  const begin = doc.indexOf(DOC_BEGIN);
  const end = doc.indexOf(DOC_END);
  if (begin < 0 || end < begin)
    throw new Error("docs/contract-tests.md lacks the contract-tests markers");
  return `${doc.slice(0, begin + DOC_BEGIN.length)}\n\n${summary.trim()}\n\n${doc.slice(end)}`;
}
