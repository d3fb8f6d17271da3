import { Command } from "commander";
import { formatMismatch, loadValidator, mismatchKey } from "../../response-check/index.js";
import { buildParams, parseCallArgs } from "../call-params.js";
import { connect, connectionFlags } from "../connection.js";
import { UsageError } from "../exit-codes.js";
import { write, type CliIo } from "../io.js";
import type { Endpoint } from "../../index.js";
import { loadEndpoint, type DynamicListOperation } from "../operations.js";
import type { Secrets } from "../secrets.js";
import { findOperation, operationHelp } from "./call.js";

/** GitLab answered, but not in the shape the generated type describes (exit code 1). */
class ResponseMismatchError extends Error {
  override name = "ResponseMismatchError";
}

/**
 * `check`: `call`, but instead of the response, what in it the generated type gets wrong, each with
 * the openapi/fixes.yaml entry that corrects it. Types only: no value of the response is printed.
 */
export function checkCommand(io: CliIo, secrets: Secrets): Command {
  return new Command("check")
    .description("Call an operation and check GitLab's response against its generated type")
    .argument("<operationId>", "e.g. getApiV4ProjectsIdMergeRequests (see: typed-gitlab ops)")
    .argument("[parameters...]", "--name value for each parameter, as for call")
    .option("--paginate", "for a list operation: check every page")
    .passThroughOptions()
    .addHelpText(
      "after",
      `
Prints each place where the response does not fit the type (JSON path, expected and received
type; never a value) with a ready openapi/fixes.yaml entry; exit code 1 when there is one.

Examples:
  typed-gitlab check getApiV4ProjectsId --id acme/website
  typed-gitlab check getApiV4ProjectsIdMergeRequests --id 2 --state merged --paginate`,
    )
    .action(
      async (operationId: string, args: string[], flags: { paginate?: boolean }, cmd: Command) => {
        const operation = await findOperation(operationId);
        const parsed = parseCallArgs(operation, args);
        if (parsed.help) return write(io.stdout, operationHelp(operation));
        const paginate = parsed.paginate || flags.paginate === true;
        if (paginate && !operation.paginated)
          throw new UsageError(`${operationId} is not a paginated list operation; drop --paginate`);
        const validator = await loadValidator();
        const [status] = validator.statuses(operationId);
        if (status === undefined)
          throw new UsageError(`${operationId} has no JSON response schema to check against`);
        const { params, headers } = await buildParams(operation, parsed.given, io.stdin);
        const fn = await loadEndpoint(operationId);
        const gl = connect(connectionFlags(cmd), io, secrets);
        // The pages of a listing together have the list's shape: one array.
        const body = paginate
          ? await gl.paginate(fn as Endpoint<DynamicListOperation>, params, { headers }).all()
          : await fn(gl, params, { headers });
        const distinct = new Map(
          validator.validate(operationId, Number(status), body).map((m) => [mismatchKey(m), m]),
        );
        for (const mismatch of distinct.values())
          await write(io.stdout, `${secrets.mask(formatMismatch(mismatch))}\n\n`);
        if (distinct.size > 0)
          throw new ResponseMismatchError(
            `${operationId}: ${distinct.size} place(s) where GitLab's response does not fit the generated type (above)`,
          );
        await write(io.stdout, `${operationId}: the response fits the generated type\n`);
      },
    );
}
