import { Command } from "commander";
import { write, type CliIo } from "../io.js";
import { loadOperations, type ManifestOperation } from "../operations.js";
import { writeNdjson } from "../output.js";

export function opsCommand(io: CliIo): Command {
  return new Command("ops")
    .description("List the generated operations: method, path, operationId, summary")
    .argument("[search...]", "case-insensitive words, all of which must appear (in any field)")
    .option("--json", "one JSON object per line with every manifest field")
    .addHelpText(
      "after",
      `
Examples:
  typed-gitlab ops "merge requests"
  typed-gitlab ops pipelines latest
  typed-gitlab ops --json projects | jq -r .operationId`,
    )
    .action(async (words: string[], flags: { json?: boolean }) => {
      const found = searchOperations(await loadOperations(), words);
      if (flags.json) {
        for (const op of found) await writeNdjson(io.stdout, op);
        return;
      }
      await write(io.stdout, formatTable(found, io.stdout.isTTY === true));
    });
}

/** Operations where every word appears in the method, path, operationId, tag or summary. */
export function searchOperations(
  operations: readonly ManifestOperation[],
  words: readonly string[],
): ManifestOperation[] {
  const terms = words.flatMap((w) => w.toLowerCase().split(/\s+/)).filter(Boolean);
  return operations.filter((op) => {
    const text = [op.method, op.path, op.operationId, op.tag, op.summary ?? ""]
      .join(" ")
      .toLowerCase();
    return terms.every((term) => text.includes(term));
  });
}

/** Aligned columns for people; tab-separated for `cut`/`awk` when piped. */
function formatTable(operations: readonly ManifestOperation[], aligned: boolean): string {
  const rows = operations.map((op) => [
    op.method,
    op.path,
    op.operationId,
    `${op.deprecated ? "[deprecated] " : ""}${op.summary ?? ""}`,
  ]);
  if (!aligned) return rows.map((row) => `${row.join("\t")}\n`).join("");
  const widths = [0, 1, 2].map((i) => Math.max(0, ...rows.map((row) => row[i]!.length)));
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join("  ")
          .trimEnd()}\n`,
    )
    .join("");
}
