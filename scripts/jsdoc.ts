// JSDoc for a generated endpoint, so an editor's hover shows GitLab's own documentation.

import type { OperationInfo } from "./operations.js";

/** Text that cannot end the comment early nor start a JSDoc tag by accident. */
function safe(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/^(\s*)@/gm, "$1\\@");
}

function paragraph(text: string): string[] {
  return safe(text.trim())
    .split(/\r?\n/)
    .map((line) => line.trimEnd());
}

export function endpointJsDoc(op: OperationInfo): string {
  const lines: string[] = [];
  const summary = op.summary?.trim();
  const description = op.description?.trim();
  if (summary) lines.push(...paragraph(summary), "");
  if (description && description !== summary) lines.push(...paragraph(description), "");
  lines.push(`\`${op.method} ${op.path}\``);
  if (op.tier) lines.push("", `GitLab tier: ${op.tier}.`);
  if (op.docsUrl) lines.push("", `@see ${op.docsUrl}`);
  if (op.lifecycle === "experiment") lines.push("@experimental");
  if (op.lifecycle === "beta") lines.push("@beta");
  if (op.deprecated) lines.push("@deprecated GitLab marks this endpoint as deprecated.");
  return ["/**", ...lines.map((line) => (line === "" ? " *" : ` * ${line}`)), " */"].join("\n");
}
