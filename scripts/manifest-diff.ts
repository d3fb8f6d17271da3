// Compares two manifests operation by operation and writes the result as Markdown for a changelog.
// Breaking means code written against the old client may stop compiling or stop working: an operation
// or parameter removed, a parameter newly required, a parameter's type or accepted values narrowed,
// a different URL, request encoding or result decoding.

import type { SpecIdentity } from "./header.js";
import type { Manifest, ManifestOperation } from "./manifest.js";
import type { ParameterInfo } from "./operations.js";

export interface OperationChange {
  readonly operation: ManifestOperation;
  readonly breaking: string[];
  readonly other: string[];
}

export interface ApiDiff {
  readonly from: SpecIdentity;
  readonly to: SpecIdentity;
  readonly added: ManifestOperation[];
  readonly removed: ManifestOperation[];
  readonly changed: OperationChange[];
}

const code = (text: string) => `\`${text}\``;
const parameterLabel = (p: ParameterInfo) => code(`${p.in}.${p.name}`);
const list = (values: readonly string[]) => values.map(code).join(", ");

function compareParameters(
  before: ParameterInfo[],
  after: ParameterInfo[],
  change: OperationChange,
) {
  const key = (p: ParameterInfo) => `${p.in}:${p.name}`;
  const old = new Map(before.map((p) => [key(p), p]));
  const next = new Map(after.map((p) => [key(p), p]));
  for (const [k, p] of old) {
    if (!next.has(k)) change.breaking.push(`parameter ${parameterLabel(p)} removed`);
  }
  for (const [k, p] of next) {
    const was = old.get(k);
    if (!was) {
      (p.required ? change.breaking : change.other).push(
        `new ${p.required ? "required" : "optional"} parameter ${parameterLabel(p)} (${code(p.type)})`,
      );
      continue;
    }
    if (!was.required && p.required)
      change.breaking.push(`parameter ${parameterLabel(p)} is now required`);
    if (was.required && !p.required)
      change.other.push(`parameter ${parameterLabel(p)} is now optional`);
    if (was.type !== p.type) {
      change.breaking.push(
        `parameter ${parameterLabel(p)} changed type from ${code(was.type)} to ${code(p.type)}`,
      );
    }
    const dropped = (was.enum ?? []).filter(
      (value) => p.enum !== undefined && !p.enum.includes(value),
    );
    const gained = (p.enum ?? []).filter((value) => !(was.enum ?? []).includes(value));
    if (dropped.length > 0) {
      change.breaking.push(`parameter ${parameterLabel(p)} no longer accepts ${list(dropped)}`);
    }
    if (gained.length > 0 && was.enum !== undefined) {
      change.other.push(`parameter ${parameterLabel(p)} also accepts ${list(gained)}`);
    } else if (p.enum !== undefined && was.enum === undefined) {
      change.breaking.push(`parameter ${parameterLabel(p)} is now limited to ${list(p.enum)}`);
    }
  }
}

function compareOperation(was: ManifestOperation, now: ManifestOperation): OperationChange {
  const change: OperationChange = { operation: now, breaking: [], other: [] };
  if (was.method !== now.method || was.path !== now.path) {
    change.breaking.push(`moved from ${code(`${was.method} ${was.path}`)}`);
  }
  compareParameters(was.parameters, now.parameters, change);
  const wasBody = was.requestBody?.mediaTypes.join(", ") ?? "none";
  const nowBody = now.requestBody?.mediaTypes.join(", ") ?? "none";
  if (wasBody !== nowBody)
    change.breaking.push(`request body changed from ${code(wasBody)} to ${code(nowBody)}`);
  if (!was.requestBody?.required && now.requestBody?.required) {
    change.breaking.push("request body is now required");
  }
  if (was.response !== now.response) {
    change.breaking.push(
      `result decoded as ${code(now.response)} instead of ${code(was.response)}`,
    );
  } else if (was.responseMediaTypes.join() !== now.responseMediaTypes.join()) {
    change.other.push(
      `response media types changed from ${list(was.responseMediaTypes)} to ${list(now.responseMediaTypes)}`,
    );
  }
  if (!was.deprecated && now.deprecated) change.other.push("now deprecated");
  if (was.deprecated && !now.deprecated) change.other.push("no longer deprecated");
  if (was.module !== now.module)
    change.other.push(`moved from module ${code(was.module)} to ${code(now.module)}`);
  if (was.paginated !== now.paginated)
    change.other.push(now.paginated ? "now paginated" : "no longer paginated");
  if (JSON.stringify(was.queryArrays ?? {}) !== JSON.stringify(now.queryArrays ?? {})) {
    change.other.push("query array serialization changed");
  }
  return change;
}

export function diffManifests(before: Manifest, after: Manifest): ApiDiff {
  const old = new Map(before.operations.map((op) => [op.operationId, op]));
  const next = new Map(after.operations.map((op) => [op.operationId, op]));
  const changed = after.operations.flatMap((op) => {
    const was = old.get(op.operationId);
    if (!was) return [];
    const change = compareOperation(was, op);
    return change.breaking.length + change.other.length > 0 ? [change] : [];
  });
  return {
    from: before.spec,
    to: after.spec,
    added: after.operations.filter((op) => !old.has(op.operationId)),
    removed: before.operations.filter((op) => !next.has(op.operationId)),
    changed,
  };
}

const label = (op: ManifestOperation) =>
  `${code(`${op.method} ${op.path}`)} (${code(op.operationId)})`;
const short = (sha: string) => code(sha.slice(0, 12));

export function diffMarkdown(diff: ApiDiff): string {
  const breakingChanges = diff.changed.filter((change) => change.breaking.length > 0);
  const otherChanges = diff.changed.filter((change) => change.other.length > 0);
  const breakingCount = diff.removed.length + breakingChanges.length;
  const out: string[] = [
    `## GitLab REST API changes: ${diff.from.version} → ${diff.to.version}`,
    "",
    `Compared ${diff.from.title} ${diff.from.version} (sha256 ${short(diff.from.sha256)}) with ` +
      `${diff.to.title} ${diff.to.version} (sha256 ${short(diff.to.sha256)}).`,
    "",
    `**${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed; ` +
      `${breakingCount} breaking.**`,
  ];
  const section = (title: string, lines: string[]) => {
    if (lines.length > 0) out.push("", title, "", ...lines);
  };
  if (breakingCount > 0) {
    out.push("", "### Breaking changes");
    section(
      "#### Removed operations",
      diff.removed.map((op) => `- ${label(op)}${op.summary ? `: ${op.summary}` : ""}`),
    );
    section(
      "#### Changed operations",
      breakingChanges.map(
        (change) => `- ${label(change.operation)}: ${change.breaking.join("; ")}`,
      ),
    );
  }
  section(
    "### Added operations",
    diff.added.map((op) => `- ${label(op)}${op.summary ? `: ${op.summary}` : ""}`),
  );
  section(
    "### Other changes",
    otherChanges.map((change) => `- ${label(change.operation)}: ${change.other.join("; ")}`),
  );
  return `${out.join("\n")}\n`;
}
