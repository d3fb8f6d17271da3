import { Command } from "commander";
import { VERSION } from "../index.js";
import { apiCommand } from "./commands/api.js";
import { authCommand } from "./commands/auth.js";
import { callCommand } from "./commands/call.js";
import { checkCommand } from "./commands/check.js";
import { opsCommand } from "./commands/ops.js";
import { simulatorCommand } from "./commands/simulator.js";
import { addConnectionOptions } from "./connection.js";
import type { CliIo } from "./io.js";
import type { Secrets } from "./secrets.js";

export function buildProgram(io: CliIo, secrets: Secrets, signals: NodeJS.EventEmitter): Command {
  const program = new Command("typed-gitlab")
    .description("The GitLab REST API from the shell: any endpoint, any generated operation")
    .version(VERSION)
    // Global flags before the command, so that `call`'s parameters (`--url`, `--token` exist) stay its own.
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(secrets.mask(text)),
    })
    // Errors become exceptions, so main decides the exit code (2 for usage) instead of commander.
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");
  addConnectionOptions(program);
  program.addHelpText(
    "after",
    `
Configuration: flags, then GITLAB_URL / GITLAB_TOKEN (or CI_SERVER_URL + CI_JOB_TOKEN in CI), then
python-gitlab config files (--gitlab <section>, --config-file, PYTHON_GITLAB_CFG).

Exit codes: 0 ok, 1 other error, 2 usage or configuration error, 3 GitLab answered non-2xx,
4 network error or timeout. Docs: docs/cli.md`,
  );
  for (const command of [
    apiCommand(io, secrets),
    authCommand(io, secrets),
    callCommand(io, secrets),
    checkCommand(io, secrets),
    opsCommand(io),
    simulatorCommand(io, signals),
  ]) {
    // addCommand, unlike command(), does not pass these settings down by itself.
    program.addCommand(command.copyInheritedSettings(program));
  }
  return program;
}
