import { Command } from "commander";
import { GitlabHttpError, type Gitlab } from "../../index.js";
import { addConnectionOptions, connect, connectionFlags } from "../connection.js";
import { UsageError } from "../exit-codes.js";
import { buildFields, type Fields } from "../fields.js";
import type { CliIo } from "../io.js";
import { writeListing } from "../listing.js";
import { writeBody, writeErrorBody, writeHead } from "../output.js";
import type { Secrets } from "../secrets.js";

interface ApiFlags {
  method?: string;
  header?: string[];
  paginate?: boolean;
  include?: boolean;
  silent?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

export function apiCommand(io: CliIo, secrets: Secrets): Command {
  // -f and -F share one list so that `-f 'a[]=x' -F 'a[]=1'` keeps its command-line order.
  const fieldArgs: Array<{ arg: string; typed: boolean }> = [];
  const field = (typed: boolean) => (arg: string) => {
    fieldArgs.push({ arg, typed });
    return fieldArgs;
  };
  const command = new Command("api")
    .description("Send an authenticated request to any REST endpoint, like `glab api`")
    .argument(
      "<endpoint>",
      "path under /api/v4 (`projects/1`, `/version`) or a URL on the instance",
    )
    .option("-X, --method <method>", "HTTP method (default: GET, or POST when fields are given)")
    .option("-f, --raw-field <key=value>", "string field (repeatable)", field(false))
    .option(
      "-F, --field <key=value>",
      "typed field: numbers, true, false, null; @file or @- uploads (repeatable)",
      field(true),
    )
    .option("-H, --header <name:value>", "request header (repeatable)", collect)
    .option("--paginate", "fetch every page; print one item per line (NDJSON) as pages arrive")
    .option("-i, --include", "print the status line and response headers before the body")
    .option("--silent", "do not print the response body");
  addConnectionOptions(command);
  command.addHelpText(
    "after",
    `
Fields go to the query string for GET and HEAD and to the JSON body otherwise; a file field
(-F key=@path) makes the body multipart. Keys may use Rails syntax: labels[]=a, a[b]=c.

Examples:
  typed-gitlab api projects/acme%2Fwebsite
  typed-gitlab api projects/1/issues -X POST -f title="Broken link" -F confidential=true
  typed-gitlab api projects/1/uploads -F file=@screenshot.png
  typed-gitlab api projects/2/merge_requests --paginate -f state=opened | jq .iid`,
  );
  return command.action(async (endpoint: string, flags: ApiFlags, cmd: Command) => {
    const headers = parseHeaders(flags.header ?? [], secrets);
    const method = (flags.method ?? (fieldArgs.length > 0 && !flags.paginate ? "POST" : "GET"))
      .trim()
      .toUpperCase();
    if (!/^[A-Z]+$/.test(method))
      throw new UsageError(`--method: ${JSON.stringify(flags.method)} is not an HTTP method`);
    const fields = await buildFields(fieldArgs, io.stdin);
    const inQuery = method === "GET" || method === "HEAD";
    if (inQuery && Object.keys(fields.files).length > 0)
      throw new UsageError(`a file field (-F key=@path) needs a method with a body, not ${method}`);
    const gl = connect(connectionFlags(cmd), io, secrets);
    if (flags.paginate) {
      if (method !== "GET") throw new UsageError(`--paginate works with GET only, not ${method}`);
      if (flags.include) throw new UsageError("--paginate cannot be combined with --include");
      return paginate(gl, endpoint, fields, headers, flags.silent === true, io);
    }
    try {
      const response = await gl.httpRequest({
        verb: method,
        path: endpoint,
        headers,
        ...(inQuery ? { queryParams: fields.values } : bodyOf(fields)),
      });
      if (flags.include) await writeHead(io.stdout, response);
      if (!flags.silent) await writeBody(io.stdout, response);
    } catch (error) {
      // As glab and gh do: GitLab's error body goes to stdout for scripts, the message to stderr.
      if (error instanceof GitlabHttpError && !flags.silent)
        await writeErrorBody(io.stdout, error, secrets);
      throw error;
    }
  });
}

async function paginate(
  gl: Gitlab,
  endpoint: string,
  fields: Fields,
  headers: Record<string, string>,
  silent: boolean,
  io: CliIo,
): Promise<void> {
  // httpList sets per_page and page itself; given as fields they would be overridden.
  const { per_page: perPage, page, ...query } = fields.values;
  const list = await gl.httpList(endpoint, {
    iterator: true,
    queryParams: query,
    headers,
    ...(perPage !== undefined && { perPage: Number(perPage) }),
    ...(page !== undefined && { page: Number(page) }),
  });
  if (silent) await list.all();
  else await writeListing(list, io);
}

function bodyOf(fields: Fields) {
  if (Object.keys(fields.files).length > 0) return { postData: fields.values, files: fields.files };
  return Object.keys(fields.values).length > 0 ? { postData: fields.values } : {};
}

/** `-H 'Name: value'`; a credential header's value joins the secrets that are never printed. */
export function parseHeaders(args: readonly string[], secrets: Secrets): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [index, arg] of args.entries()) {
    const at = arg.indexOf(":");
    const name = arg.slice(0, Math.max(at, 0)).trim();
    // The argument is not quoted back: a malformed credential header would be printed.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw new UsageError(`-H (header ${index + 1}): expected "Name: value"`);
    const value = arg.slice(at + 1).trim();
    if (/token|authorization|cookie/i.test(name)) secrets.add(value, value.replace(/^\S+\s+/, ""));
    headers[name] = value;
  }
  return headers;
}
