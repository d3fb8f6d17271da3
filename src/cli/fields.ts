import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import type { FileInput } from "../index.js";
import { UsageError } from "./exit-codes.js";
import { readAll } from "./io.js";

export type FieldValue = string | number | boolean | null | FieldValue[] | FieldObject;
export interface FieldObject {
  [key: string]: FieldValue;
}

/** A request's `-f`/`-F` fields: plain values, and files that make it a multipart upload. */
export interface Fields {
  values: FieldObject;
  files: Record<string, FileInput>;
}

/** `-f key=value`: always a string, as given. */
export function rawField(arg: string): { key: string; value: string } {
  const at = arg.indexOf("=");
  if (at <= 0) throw new UsageError(`field ${JSON.stringify(arg)}: expected key=value`);
  return { key: arg.slice(0, at), value: arg.slice(at + 1) };
}

/** `-F key=value`: true, false, null and numbers become JSON values; `@file` and `@-` are read later. */
export function typedValue(value: string): FieldValue {
  if (value === "true") return true;
  if (value === "false") return false;
  if (value === "null") return null;
  // Only plain decimal numbers: "007" or "1e3" are more likely ids or refs than numbers.
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(value) && Number.isSafeInteger(Math.trunc(Number(value))))
    return Number(value);
  return value;
}

/**
 * Builds the fields from `-f` (raw) and `-F` (typed) arguments in command-line order. Keys follow
 * Rails/Grape like glab: `labels[]=a` appends to an array, `a[b]=c` nests; a file is only
 * allowed at the top level, where GitLab's upload endpoints expect it.
 */
export async function buildFields(
  args: ReadonlyArray<{ arg: string; typed: boolean }>,
  stdin: Readable,
): Promise<Fields> {
  const fields: Fields = { values: {}, files: {} };
  let stdinUsed = false;
  for (const { arg, typed } of args) {
    const { key, value } = rawField(arg);
    if (typed && value.startsWith("@")) {
      const source = value.slice(1);
      if (source === "-") {
        if (stdinUsed) throw new UsageError("only one field can read standard input (@-)");
        stdinUsed = true;
      }
      if (!/^[^[\]]+$/.test(key))
        throw new UsageError(`field ${JSON.stringify(key)}: a file field needs a plain name`);
      fields.files[key] = await readFileField(source, stdin);
      continue;
    }
    assign(fields.values, keyPath(key), typed ? typedValue(value) : value);
  }
  return fields;
}

async function readFileField(source: string, stdin: Readable): Promise<FileInput> {
  if (source === "-") return { content: await readAll(stdin), filename: "stdin" };
  if (source === "") throw new UsageError("a file field needs a path after @");
  try {
    return { content: await readFile(source), filename: basename(source) };
  } catch (error) {
    const code = error instanceof Error && "code" in error ? ` (${String(error.code)})` : "";
    throw new UsageError(`cannot read ${source}${code}`);
  }
}

/** `a[b][]` → ["a", "b", ""], where "" means "append". */
function keyPath(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match)
    throw new UsageError(`field name ${JSON.stringify(key)} is not name, name[] or name[key]`);
  const rest = [...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!);
  return [match[1]!, ...rest];
}

function assign(target: FieldObject | FieldValue[], path: string[], value: FieldValue): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return put(target, head, value);
  const wantArray = rest[0] === "";
  // Inside an array every nested key starts a new element: `a[][x]=1 a[][x]=2` is two elements.
  let child = Array.isArray(target) ? undefined : target[head];
  if (wantArray ? !Array.isArray(child) : !isObject(child)) {
    child = wantArray ? [] : {};
    put(target, head, child);
  }
  assign(child as FieldObject | FieldValue[], rest, value);
}

function put(target: FieldObject | FieldValue[], key: string, value: FieldValue): void {
  if (Array.isArray(target)) target.push(value);
  else target[key] = value;
}

function isObject(value: FieldValue | undefined): value is FieldObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
