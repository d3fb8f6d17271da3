import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { UsageError } from "./exit-codes.js";
import { readAll } from "./io.js";
import type { ManifestOperation, OperationParameter } from "./operations.js";

/** `call`'s own flags, read among the operation's parameters. */
export interface CallArgs {
  help: boolean;
  paginate: boolean;
  /** Parameter name → the values given, in order (a repeated flag gives several). */
  given: Map<OperationParameter, string[]>;
}

/**
 * Reads `--name value`, `--name=value` and, for a boolean, a bare `--name`. Names are the
 * operation's own (`merge_request_iid`, `not[labels]`); `--merge-request-iid` is accepted too.
 */
export function parseCallArgs(operation: ManifestOperation, args: readonly string[]): CallArgs {
  const result: CallArgs = { help: false, paginate: false, given: new Map() };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--help" || arg === "-h") {
      result.help = true;
      continue;
    }
    if (arg === "--paginate") {
      result.paginate = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      throw new UsageError(
        `${operation.operationId}: unexpected argument ${JSON.stringify(arg)}; parameters are given as --name value`,
      );
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const parameter = findParameter(operation, name);
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (parameter.type === "boolean" && !isValue(args[index + 1])) value = "true";
    else {
      const next = args[index + 1];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      value = next;
      index++;
    }
    result.given.set(parameter, [...(result.given.get(parameter) ?? []), value]);
  }
  return result;
}

function isValue(arg: string | undefined): boolean {
  return arg !== undefined && /^(true|false)$/.test(arg);
}

// The connection flags (see connection.ts), named in the hint for one given after the operationId.
const GLOBAL_FLAGS = new Set([
  "url",
  "token",
  "oauth-token",
  "job-token",
  "gitlab",
  "config-file",
  "timeout",
  "retry-transient-errors",
  "no-obey-rate-limit",
  "debug",
]);

function findParameter(operation: ManifestOperation, name: string): OperationParameter {
  const found =
    operation.parameters.find((p) => p.name === name) ??
    operation.parameters.find((p) => p.name === name.replaceAll("-", "_"));
  if (found) return found;
  const close = operation.parameters
    .map((p) => p.name)
    .filter((candidate) => editDistance(candidate, name.replaceAll("-", "_")) <= 2);
  const hint =
    close.length > 0
      ? `; did you mean ${close.map((c) => `--${c}`).join(" or ")}?`
      : GLOBAL_FLAGS.has(name)
        ? `; global flags such as --${name} go before "call"`
        : "";
  throw new UsageError(
    `${operation.operationId} has no parameter --${name}${hint} (see: typed-gitlab call ${operation.operationId} --help)`,
  );
}

/** The `{ path, query, body }` argument of a generated endpoint function. */
export interface CallParams {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: Record<string, unknown>;
}

/** `{ path, query, body }` and headers for the endpoint function, each value converted to its type. */
export async function buildParams(
  operation: ManifestOperation,
  given: CallArgs["given"],
  stdin: Readable,
): Promise<{ params: CallParams; headers: Record<string, string> }> {
  const missing = operation.parameters.filter((p) => p.required && !given.has(p));
  if (missing.length > 0) {
    const names = missing.map((p) => `--${p.name}`).join(", ");
    throw new UsageError(
      `${operation.operationId}: missing required parameter${missing.length > 1 ? "s" : ""} ${names}`,
    );
  }
  const params: CallParams = { path: {}, query: {} };
  const headers: Record<string, string> = {};
  for (const [parameter, values] of given) {
    const value = await convert(parameter, values, stdin);
    if (parameter.in === "header" || parameter.in === "cookie") {
      headers[parameter.name] = String(value);
    } else {
      params[parameter.in] ??= {};
      params[parameter.in]![parameter.name] = value;
    }
  }
  return { params, headers };
}

async function convert(
  parameter: OperationParameter,
  values: string[],
  stdin: Readable,
): Promise<unknown> {
  const isArray = parameter.type.endsWith("[]") && !parameter.type.includes("|");
  if (!isArray && values.length > 1)
    throw new UsageError(`--${parameter.name} takes one value, got ${values.length}`);
  if (isArray) {
    const itemType = parameter.type.slice(0, -2);
    return Promise.all(values.map((v) => convertOne(parameter, itemType, v, stdin)));
  }
  return convertOne(parameter, parameter.type, values[0]!, stdin);
}

async function convertOne(
  parameter: OperationParameter,
  type: string,
  value: string,
  stdin: Readable,
): Promise<unknown> {
  const flag = `--${parameter.name}`;
  if (parameter.enum && !parameter.enum.includes(value))
    throw new UsageError(
      `${flag}: expected one of ${parameter.enum.join(", ")}, got ${JSON.stringify(value)}`,
    );
  if (type === "binary" || (type.split("|").includes("binary") && value.startsWith("@")))
    return readFileParameter(flag, value, stdin);
  switch (type) {
    case "integer":
    case "number": {
      const number = Number(value);
      if (
        value.trim() === "" ||
        !Number.isFinite(number) ||
        (type === "integer" && !Number.isInteger(number))
      )
        throw new UsageError(
          `${flag}: expected ${type === "integer" ? "an integer" : "a number"}, got ${JSON.stringify(value)}`,
        );
      return number;
    }
    case "boolean":
      if (value !== "true" && value !== "false")
        throw new UsageError(`${flag}: expected true or false, got ${JSON.stringify(value)}`);
      return value === "true";
    case "string":
    case "integer|string":
      // Kept as given: an id may be a number or a path ("acme/website"), and GitLab takes either.
      return value;
    default:
      // Objects and unions: JSON when it looks like JSON, else the text itself.
      if (/^\s*[[{]/.test(value)) {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          throw new UsageError(`${flag}: not valid JSON`);
        }
      }
      return value;
  }
}

async function readFileParameter(flag: string, value: string, stdin: Readable): Promise<File> {
  if (!value.startsWith("@") || value.length === 1)
    throw new UsageError(`${flag}: expected @path (or @- for standard input)`);
  const path = value.slice(1);
  if (path === "-") return new File([await readAll(stdin)], "stdin");
  try {
    return new File([await readFile(path)], basename(path));
  } catch (error) {
    const code = error instanceof Error && "code" in error ? ` (${String(error.code)})` : "";
    throw new UsageError(`${flag}: cannot read ${path}${code}`);
  }
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
