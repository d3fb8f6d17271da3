import { CommanderError } from "commander";
import {
  GitlabConfigError,
  GitlabConnectionError,
  GitlabHttpError,
  GitlabOptionError,
  GitlabProxyError,
  GitlabTimeoutError,
} from "../index.js";

/** The process exit codes, so scripts can tell a typo from GitLab saying no from an unreachable GitLab. */
export const ExitCode = {
  ok: 0,
  /** Anything not covered below: an unreadable response, a refused redirect, a bug. */
  failure: 1,
  /** Bad command line or configuration: nothing was sent, fix the invocation. */
  usage: 2,
  /** GitLab answered with a non-2xx status. */
  http: 3,
  /** GitLab (or the proxy to it) could not be reached or did not answer in time. */
  network: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake in the command line found by the CLI itself (commander finds the rest). */
export class UsageError extends Error {
  override name = "UsageError";
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (
    error instanceof UsageError ||
    error instanceof GitlabConfigError ||
    error instanceof GitlabOptionError
  )
    return ExitCode.usage;
  if (error instanceof GitlabHttpError) return ExitCode.http;
  if (
    error instanceof GitlabConnectionError ||
    error instanceof GitlabTimeoutError ||
    error instanceof GitlabProxyError
  )
    return ExitCode.network;
  return ExitCode.failure;
}
