import { Command } from "commander";
import { addConnectionOptions, connect, connectionFlags } from "../connection.js";
import type { CliIo } from "../io.js";
import { write } from "../io.js";
import type { Secrets } from "../secrets.js";

/** `typed-gitlab auth status`: who the token is, on which GitLab, like `glab auth status`. */
export function authCommand(io: CliIo, secrets: Secrets): Command {
  const status = new Command("status")
    .description("Show the user the token belongs to and the instance version, with any warning")
    .action(async (_flags: object, cmd: Command) => {
      const gl = connect(connectionFlags(cmd), io, secrets);
      // gl.auth() warns (on stderr) when GitLab's idea of its own URL differs from the one used.
      const user = await gl.auth();
      const version = await gl.version();
      const edition =
        version.enterprise === undefined
          ? ""
          : version.enterprise
            ? " (Enterprise)"
            : " (Community)";
      await write(
        io.stdout,
        [
          `${gl.url}: logged in as ${user.username ?? "?"}${user.name ? ` (${user.name})` : ""}, id ${user.id ?? "?"}`,
          `GitLab ${version.version ?? "?"}${edition}${version.revision ? `, revision ${version.revision}` : ""}`,
          "",
        ].join("\n"),
      );
    });
  addConnectionOptions(status);
  const auth = new Command("auth").description("Check the connection and token");
  auth.addCommand(status.copyInheritedSettings(auth));
  return auth;
}
