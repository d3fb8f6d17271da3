// Applies openapi/fixes.yaml to a parsed description: first the systematic rules it switches on, then
// its targeted fixes to single operations and to single component schemas. Every fix in that file
// carries the reason it exists.

import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { FIX_RULES, SpecFixError } from "./fix-rules.js";
import { RESPONSE_RULES } from "./response-rules.js";
import type { Lint } from "./lint.js";
import { isRecord, listOperations, type OpenApiDocument } from "./openapi.js";

interface TargetedFix {
  readonly operationId: string;
  readonly reason: string;
  /** JSON Pointers relative to the operation object, each with the value to put there. */
  readonly set: Readonly<Record<string, unknown>>;
}

/**
 * A fix to one component schema. Response entities are shared by many operations (the project entity
 * behind a dozen endpoints), so a wrong property type is fixed once, where it is declared.
 */
interface TargetedSchemaFix {
  readonly schema: string;
  readonly reason: string;
  /** JSON Pointers relative to the schema object, each with the value to put there. */
  readonly set: Readonly<Record<string, unknown>>;
}

export interface Fixes {
  readonly rules: readonly string[];
  /** Response rules (scripts/response-rules.ts) for fields GitLab's evidence does not cover. */
  readonly responseRules: readonly string[];
  readonly operations: readonly TargetedFix[];
  readonly schemas: readonly TargetedSchemaFix[];
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new SpecFixError(`${where} must be a non-empty string`);
  }
  return value;
}

function requireSet(entry: Record<string, unknown>, where: string): Record<string, unknown> {
  if (!isRecord(entry.set)) throw new SpecFixError(`${where}.set must be a mapping`);
  for (const pointer of Object.keys(entry.set)) {
    if (!pointer.startsWith("/"))
      throw new SpecFixError(`${where}.set: "${pointer}" is not a JSON Pointer`);
  }
  return entry.set;
}

function parseFixes(text: string, file: string): Fixes {
  const data: unknown = YAML.parse(text);
  if (!isRecord(data))
    throw new SpecFixError(`${file}: expected a mapping with rules and operations`);
  const rules = ruleIds(data.rules, "rules", FIX_RULES, file);
  const responseRules = ruleIds(data["response-rules"], "response-rules", RESPONSE_RULES, file);
  const operations = (Array.isArray(data.operations) ? data.operations : []).map(
    (entry: unknown, i): TargetedFix => {
      const where = `${file}: operations[${i}]`;
      if (!isRecord(entry) || !isRecord(entry.set)) {
        throw new SpecFixError(`${where} must be a mapping with operationId, reason and set`);
      }
      return {
        operationId: requireString(entry.operationId, `${where}.operationId`),
        reason: requireString(entry.reason, `${where}.reason`),
        set: requireSet(entry, where),
      };
    },
  );
  const schemas = (Array.isArray(data.schemas) ? data.schemas : []).map(
    (entry: unknown, i): TargetedSchemaFix => {
      const where = `${file}: schemas[${i}]`;
      if (!isRecord(entry) || !isRecord(entry.set)) {
        throw new SpecFixError(`${where} must be a mapping with schema, reason and set`);
      }
      return {
        schema: requireString(entry.schema, `${where}.schema`),
        reason: requireString(entry.reason, `${where}.reason`),
        set: requireSet(entry, where),
      };
    },
  );
  return { rules, responseRules, operations, schemas };
}

/** A list of `{ id, reason }` switching on rules of `known`; an unknown id is an error. */
function ruleIds(
  list: unknown,
  section: string,
  known: readonly { readonly id: string }[],
  file: string,
): string[] {
  const ids = new Set(known.map((rule) => rule.id));
  return (Array.isArray(list) ? list : []).map((entry: unknown, i) => {
    const where = `${file}: ${section}[${i}]`;
    if (!isRecord(entry)) throw new SpecFixError(`${where} must be a mapping with id and reason`);
    const id = requireString(entry.id, `${where}.id`);
    requireString(entry.reason, `${where}.reason`);
    if (!ids.has(id)) {
      throw new SpecFixError(`${where}: unknown rule "${id}" (known: ${[...ids].join(", ")})`);
    }
    return id;
  });
}

export async function readFixes(file: string): Promise<Fixes> {
  return parseFixes(await readFile(file, "utf8"), file);
}

function pointerTokens(pointer: string): string[] {
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Whether the object a pointer writes into (its parent) is already there. */
function parentExists(target: Record<string, unknown>, pointer: string): boolean {
  let node: unknown = target;
  for (const token of pointerTokens(pointer).slice(0, -1)) {
    if (!isRecord(node)) return false;
    node = node[token];
  }
  return isRecord(node);
}

function setAtPointer(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = pointerTokens(pointer);
  const last = tokens.pop() ?? "";
  let node = target;
  for (const token of tokens) {
    const next = node[token];
    node = isRecord(next) ? next : (node[token] = {});
  }
  node[last] = structuredClone(value);
}

const STALE = "targeted fixes in openapi/fixes.yaml whose operation, schema or property is gone";

export function applyFixes(doc: OpenApiDocument, fixes: Fixes, lint: Lint): void {
  for (const rule of FIX_RULES) {
    if (fixes.rules.includes(rule.id)) rule.apply(doc, lint);
  }
  const byId = new Map(
    listOperations(doc).map((ref) => [ref.operation.operationId, ref.operation]),
  );
  for (const fix of fixes.operations) {
    const operation = byId.get(fix.operationId);
    if (!operation) {
      lint.add("stale-targeted-fix", "note", STALE, fix.operationId);
      continue;
    }
    for (const [pointer, value] of Object.entries(fix.set)) setAtPointer(operation, pointer, value);
    lint.add("targeted-fix", "fixed", "operations patched by openapi/fixes.yaml", fix.operationId);
  }
  for (const fix of fixes.schemas) {
    const schema = doc.components?.schemas?.[fix.schema];
    if (!schema) {
      lint.add("stale-targeted-fix", "note", STALE, fix.schema);
      continue;
    }
    // Unlike an operation fix, a schema fix only corrects what is declared: a property GitLab has since
    // removed must not come back as a phantom with the fixed type, so its pointer is reported instead.
    for (const [pointer, value] of Object.entries(fix.set)) {
      if (parentExists(schema, pointer)) setAtPointer(schema, pointer, value);
      else lint.add("stale-targeted-fix", "note", STALE, `${fix.schema}${pointer}`);
    }
    lint.add(
      "targeted-schema-fix",
      "fixed",
      "component schemas patched by openapi/fixes.yaml",
      fix.schema,
    );
  }
}
