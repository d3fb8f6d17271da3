import { CommanderError } from "commander";
import { GitlabError } from "../index.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { buildProgram } from "./program.js";
import { initialSecrets, type Secrets } from "./secrets.js";

/** Runs one command line and gives back the exit code; every error is reported here, once. */
export async function run(
  args: readonly string[],
  io: CliIo,
  signals: NodeJS.EventEmitter,
): Promise<number> {
  const secrets = initialSecrets(args, io.env);
  try {
    await buildProgram(io, secrets, signals).parseAsync([...args], { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    report(error, io, secrets, args.includes("--debug"));
    return exitCodeFor(error);
  }
}

function report(error: unknown, io: CliIo, secrets: Secrets, debug: boolean): void {
  // Commander has already printed its message (and help, for --help).
  if (error instanceof CommanderError) return;
  const expected = error instanceof GitlabError || exitCodeFor(error) === ExitCode.usage;
  const message =
    error instanceof Error
      ? debug && !expected
        ? (error.stack ?? error.message)
        : error.message
      : String(error);
  io.stderr.write(`typed-gitlab: ${secrets.mask(message)}\n`);
}
