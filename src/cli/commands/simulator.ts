import { once } from "node:events";
import { Command, Option } from "commander";
import { startSimulator, type RateLimitOption } from "../../simulator/index.js";
import { UsageError } from "../exit-codes.js";
import { write, type CliIo } from "../io.js";

interface SimulatorFlags {
  port: number;
  host: string;
  seed?: string;
  latency?: number;
  rateLimit?: RateLimitOption;
  faultRate?: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `N/window`: `600/60s`, `10/s`, `5/500ms`, `100/1m`; a window without a unit is in seconds. */
export function parseRateLimit(value: string): RateLimitOption {
  const match = /^(\d+)\/(\d+(?:\.\d+)?)?(ms|s|m|h)?$/.exec(value.trim());
  const limit = Number(match?.[1]);
  const windowMs = Number(match?.[2] ?? 1) * UNIT_MS[match?.[3] ?? "s"]!;
  if (!match || limit < 1 || !(windowMs >= 1)) {
    throw new UsageError(
      `--rate-limit: expected requests/window such as 600/60s or 10/s, got ${JSON.stringify(value)}`,
    );
  }
  return { limit, windowMs: Math.round(windowMs) };
}

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || number < min || number > max)
      throw new UsageError(
        `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    return number;
  };
}

function probability(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !(number >= 0 && number <= 1))
    throw new UsageError(
      `--fault-rate: expected a number from 0 to 1, got ${JSON.stringify(value)}`,
    );
  return number;
}

export function simulatorCommand(io: CliIo, signals: NodeJS.EventEmitter): Command {
  return new Command("simulator")
    .description("Run the built-in GitLab simulator, for offline tests and trying the CLI")
    .addOption(
      new Option("--port <port>", "port to listen on; 0 picks a free one")
        .default(0)
        .argParser(integer("--port", 0, 65_535)),
    )
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--seed <file>", "JSON seed file (see docs/simulator.md); default: the built-in seed")
    .addOption(
      new Option("--latency <ms>", "delay before every API response").argParser(
        integer("--latency", 0, 600_000),
      ),
    )
    .addOption(
      new Option("--rate-limit <N/window>", "answer 429 beyond N requests per window").argParser(
        parseRateLimit,
      ),
    )
    .addOption(
      new Option("--fault-rate <p>", "probability (0–1) of a transient 5xx").argParser(probability),
    )
    .action(async (flags: SimulatorFlags) => {
      const sim = await startSimulator({
        port: flags.port,
        host: flags.host,
        ...(flags.seed !== undefined && { seed: flags.seed }),
        ...(flags.latency !== undefined && { latencyMs: flags.latency }),
        ...(flags.rateLimit !== undefined && { rateLimit: flags.rateLimit }),
        ...(flags.faultRate !== undefined && { faultRate: flags.faultRate }),
      });
      const token = sim.info.tokens.find((t) => t.kind === "private" && !t.revoked);
      // The simulator's tokens are fixtures, not secrets: printing one is the point.
      await write(
        io.stdout,
        [
          `GitLab simulator listening on ${sim.url} (API ${sim.info.apiUrl})`,
          "Use it with:",
          `  export GITLAB_URL=${sim.url}`,
          ...(token ? [`  export GITLAB_TOKEN=${token.token}    # ${token.username}`] : []),
          "Stop with Ctrl-C.",
          "",
        ].join("\n"),
      );
      await Promise.race([once(signals, "SIGINT"), once(signals, "SIGTERM")]);
      await sim.close();
    });
}
