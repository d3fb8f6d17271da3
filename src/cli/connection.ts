import { Option, type Command } from "commander";
import { Gitlab, resolveConfig, type GitlabLogger, type ConfiguredOptions } from "../index.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./exit-codes.js";
import type { Secrets } from "./secrets.js";

/** The connection flags, as commander parses them. */
export interface ConnectionFlags {
  url?: string;
  token?: string;
  oauthToken?: string;
  jobToken?: string;
  gitlab?: string;
  configFile?: string[];
  timeout?: number;
  retryTransientErrors?: boolean;
  obeyRateLimit?: boolean;
  debug?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/**
 * Seconds, like python-gitlab's `timeout` and GITLAB_TIMEOUT, so one number means the same thing
 * on the command line, in the environment and in a config file. Fractions are allowed.
 */
export function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(
      `--timeout: expected a positive number of seconds, got ${JSON.stringify(value)}`,
    );
  }
  return seconds;
}

/** Adds the flags that say which GitLab to talk to and how. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option("--url <url>", "GitLab instance URL (default: GITLAB_URL, config, https://gitlab.com)")
    .option("--token <token>", "private, project or group access token (prefer GITLAB_TOKEN)")
    .option("--oauth-token <token>", "OAuth 2 access token (prefer GITLAB_OAUTH_TOKEN)")
    .option("--job-token <token>", "CI job token (default in CI: CI_JOB_TOKEN)")
    .option("--gitlab <name>", "python-gitlab config section to use")
    .option("--config-file <path>", "python-gitlab config file (repeatable)", collect)
    .addOption(
      new Option("--timeout <seconds>", "per-attempt timeout in seconds").argParser(parseTimeout),
    )
    .option("--retry-transient-errors", "retry 5xx, resets and timeouts")
    .option("--no-obey-rate-limit", "fail on 429 instead of waiting and retrying")
    .option("--debug", "log each request and retry to stderr");
}

/**
 * The flags given to this command and its ancestors, the nearest one winning when given on the
 * command line there: `typed-gitlab --url A api --url B …` uses B. Defaults (commander gives
 * `--no-…` flags a `true` default) never override a value that was actually given.
 */
export function connectionFlags(command: Command): ConnectionFlags {
  const chain: Command[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) chain.unshift(c);
  const flags: Record<string, unknown> = {};
  for (const c of chain) {
    for (const [key, value] of Object.entries(c.opts())) {
      const given = c.getOptionValueSource(key) !== "default";
      if (value !== undefined && (given || !(key in flags))) flags[key] = value;
    }
  }
  return flags as ConnectionFlags;
}

/** The client for these flags, with flags > environment > python-gitlab config (see resolveConfig). */
export function connect(flags: ConnectionFlags, io: CliIo, secrets: Secrets): Gitlab {
  const explicit: ConfiguredOptions = {
    ...(flags.url !== undefined && { url: flags.url }),
    ...(flags.token !== undefined && { privateToken: flags.token }),
    ...(flags.oauthToken !== undefined && { oauthToken: flags.oauthToken }),
    ...(flags.jobToken !== undefined && { jobToken: flags.jobToken }),
    ...(flags.timeout !== undefined && { timeout: Math.max(1, Math.round(flags.timeout * 1000)) }),
    ...(flags.retryTransientErrors === true && { retryTransientErrors: true }),
    ...(flags.obeyRateLimit === false && { obeyRateLimit: false }),
  };
  const options = resolveConfig({
    flags: explicit,
    env: io.env,
    ...(flags.gitlab !== undefined && { configName: flags.gitlab }),
    ...(flags.configFile !== undefined && { configFiles: flags.configFile }),
  });
  // A token from a config file or its helper is only known now; keep it out of every message too.
  secrets.add(options.privateToken, options.oauthToken, options.jobToken);
  return new Gitlab({ ...options, logger: stderrLogger(io, flags.debug === true, secrets) });
}

function stderrLogger(io: CliIo, debug: boolean, secrets: Secrets): GitlabLogger {
  return {
    debug: (message) => {
      if (debug) io.stderr.write(`typed-gitlab: debug: ${secrets.mask(message)}\n`);
    },
    warn: (message) => io.stderr.write(`typed-gitlab: warning: ${secrets.mask(message)}\n`),
  };
}
