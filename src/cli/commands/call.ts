import { Command } from "commander";
import { GitlabHttpError, type Endpoint } from "../../index.js";
import { buildParams, editDistance, parseCallArgs } from "../call-params.js";
import { connect, connectionFlags } from "../connection.js";
import { UsageError } from "../exit-codes.js";
import { write, type CliIo } from "../io.js";
import { writeListing } from "../listing.js";
import {
  loadEndpoint,
  loadOperations,
  type DynamicListOperation,
  type ManifestOperation,
} from "../operations.js";
import { writeErrorBody, writeResult } from "../output.js";
import type { Secrets } from "../secrets.js";

export function callCommand(io: CliIo, secrets: Secrets): Command {
  return (
    new Command("call")
      .description("Call any generated operation by its operationId, parameters checked")
      .argument("<operationId>", "e.g. getApiV4ProjectsId (see: typed-gitlab ops)")
      .argument("[parameters...]", "--name value for each parameter of the operation")
      .option("--paginate", "for a list operation: every page, one item per line (NDJSON)")
      // Everything after the operationId is the operation's: `--url` there is a parameter (hooks
      // have one), not the global flag, so global flags go before `call`.
      .passThroughOptions()
      .addHelpText(
        "after",
        `
Global flags (--url, --token, --gitlab, …) go before "call"; everything after the operationId
is a parameter of the operation. Array parameters are repeated (--labels a --labels b); binary
ones take @path or @-.

Examples:
  typed-gitlab call getApiV4ProjectsId --help
  typed-gitlab call getApiV4ProjectsId --id acme/website
  typed-gitlab call postApiV4ProjectsIdIssues --id 1 --title "Broken link" --labels bug
  typed-gitlab call getApiV4ProjectsIdMergeRequests --id 2 --state opened --paginate`,
      )
      .action(
        async (
          operationId: string,
          args: string[],
          flags: { paginate?: boolean },
          cmd: Command,
        ) => {
          const operation = await findOperation(operationId);
          const parsed = parseCallArgs(operation, args);
          if (parsed.help) return write(io.stdout, operationHelp(operation));
          const paginate = parsed.paginate || flags.paginate === true;
          if (paginate && !operation.paginated)
            throw new UsageError(
              `${operationId} is not a paginated list operation; drop --paginate`,
            );
          const { params, headers } = await buildParams(operation, parsed.given, io.stdin);
          const fn = await loadEndpoint(operationId);
          const gl = connect(connectionFlags(cmd), io, secrets);
          try {
            if (paginate) {
              // The manifest, checked above, says it is a list.
              const list = await gl
                .paginate(fn as Endpoint<DynamicListOperation>, params, { headers })
                .list();
              return await writeListing(list, io);
            }
            await writeResult(io.stdout, await fn(gl, params, { headers }));
          } catch (error) {
            if (error instanceof GitlabHttpError) await writeErrorBody(io.stdout, error, secrets);
            throw error;
          }
        },
      )
  );
}

export async function findOperation(operationId: string): Promise<ManifestOperation> {
  const operations = await loadOperations();
  const found = operations.find((op) => op.operationId === operationId);
  if (found) return found;
  const lower = operationId.toLowerCase();
  const close = operations
    .map((op) => ({
      id: op.operationId,
      distance: editDistance(op.operationId.toLowerCase(), lower),
    }))
    .filter((candidate) => candidate.distance <= 3)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map((candidate) => candidate.id);
  const hint = close.length > 0 ? ` Did you mean ${close.join(", ")}?` : "";
  throw new UsageError(
    `unknown operation ${JSON.stringify(operationId)}.${hint} List them with: typed-gitlab ops <search>`,
  );
}

/** `call <operationId> --help`: what the operation does and every parameter it takes. */
export function operationHelp(op: ManifestOperation): string {
  const lines = [`${op.method} ${op.path}`, ""];
  if (op.summary) lines.push(op.summary);
  if (op.deprecated) lines.push("", "Deprecated.");
  if (op.docsUrl) lines.push("", `Docs: ${op.docsUrl}`);
  const required = op.parameters
    .filter((p) => p.required)
    .map((p) => ` --${p.name} <${p.type}>`)
    .join("");
  lines.push(
    "",
    `Usage: typed-gitlab [global flags] call ${op.operationId}${required} [--name value …]`,
  );
  if (op.paginated) lines.push("  A list operation: add --paginate for every page as NDJSON.");
  lines.push("", op.parameters.length === 0 ? "No parameters." : "Parameters:");
  const rows = op.parameters.map((p) => [
    `--${p.name} <${p.enum ? p.enum.join("|") : p.type}>`,
    p.in,
    [p.required ? "required" : "", p.type.endsWith("[]") ? "repeatable" : ""]
      .filter(Boolean)
      .join(", "),
  ]);
  const width = Math.max(0, ...rows.map((r) => r[0]!.length));
  for (const [flag, location, notes] of rows)
    lines.push(
      `  ${flag!.padEnd(width)}  ${location!.padEnd(6)}${notes ? `  ${notes}` : ""}`.trimEnd(),
    );
  return `${lines.join("\n")}\n`;
}
