import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import YAML from "yaml";
import { buildResponseSchemas } from "../../scripts/emit-response-schemas.js";
import { applyFixes, readFixes } from "../../scripts/fixes.js";
import { Lint } from "../../scripts/lint.js";
import type { OpenApiDocument } from "../../scripts/openapi.js";
import { collectOperations, type OperationInfo } from "../../scripts/operations.js";
import { loadSpec } from "../../scripts/spec.js";
import {
  createResponseChecker,
  fixEntryYaml,
  type Mismatch,
} from "../../src/response-check/index.js";
import {
  loadResponseSchemas,
  type OpenApiSchema,
  type ResponseSchemaFile,
} from "../../src/response-check/schemas.js";
import { ResponseValidator } from "../../src/response-check/validator.js";
import { sampleOf } from "./support.js";

const MR_LIST = "getApiV4ProjectsIdMergeRequests";
const LANGUAGES = "getApiV4ProjectsIdLanguages";
const SECRET = "glpat-secretvalue-0123456789";

const file = loadResponseSchemas();

/** Two merge requests that fit the schema exactly: every declared field, each of its declared type. */
function mergeRequests(schemas: ResponseSchemaFile = file): Record<string, unknown>[] {
  const schema = schemas.operations[MR_LIST]?.["200"];
  assert.ok(schema, `${MR_LIST} has a 200 schema`);
  const [item] = sampleOf(schemas, schema) as Record<string, unknown>[];
  return [item, structuredClone(item)] as Record<string, unknown>[];
}

/** A body with one mismatch of each kind the type can have, in both items of the list. */
function drifted(schemas?: ResponseSchemaFile): Record<string, unknown>[] {
  const body = mergeRequests(schemas);
  for (const mr of body) {
    mr.assignees = (mr.assignees as unknown[])[0]; // one user where the type says a list
    mr.state = null; // null where the type is not nullable
    mr.iid = SECRET; // a string where the type says integer: its value must never be quoted
    mr.unknown_field = 3; // a field the type does not declare
  }
  return body;
}

function summary(mismatches: readonly Mismatch[]): string[] {
  return mismatches
    .map((m) => `${m.kind} ${m.path}: expected ${m.expected}, received ${m.received}`)
    .sort();
}

describe("response check: generated/response-schemas.json", () => {
  it("every operation's body that fits its schema gives no mismatch", () => {
    const validator = new ResponseValidator(file);
    let checked = 0;
    for (const [operationId, bodies] of Object.entries(file.operations)) {
      for (const [status, schema] of Object.entries(bodies)) {
        const found = validator.validate(operationId, Number(status), sampleOf(file, schema));
        assert.deepEqual(summary(found), [], `${operationId} ${status}`);
        checked++;
      }
    }
    assert.ok(checked > 1200, `checked ${checked} response schemas`);
  });

  it("holds only what validation reads, with references into its own $defs", () => {
    const keywords = new Set<string>();
    const visit = (schema: OpenApiSchema): void => {
      for (const key of Object.keys(schema)) keywords.add(key);
      if (schema.$ref !== undefined) assert.match(schema.$ref, /^#\/\$defs\/\w+$/);
      for (const property of Object.values(schema.properties ?? {})) visit(property);
      if (schema.items) visit(schema.items);
      if (typeof schema.additionalProperties === "object") visit(schema.additionalProperties);
      for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) visit(branch);
    };
    for (const bodies of Object.values(file.operations)) Object.values(bodies).forEach(visit);
    Object.values(file.$defs).forEach(visit);
    const validation = ["type", "nullable", "properties", "required", "items"];
    const composition = ["additionalProperties", "anyOf", "oneOf", "allOf", "$ref"];
    const extra = [...keywords].filter((key) => ![...validation, ...composition].includes(key));
    assert.deepEqual(extra, [], "no example, description, format or enum");
    assert.ok(keywords.has("$ref") && keywords.has("properties"));
    assert.deepEqual(file.operations[MR_LIST], {
      "200": { type: "array", items: { $ref: "#/$defs/APIEntitiesMergeRequestBasic" } },
    });
  });

  it("names the path, expected and received type of each kind of mismatch", () => {
    const found = new ResponseValidator(file).validate(MR_LIST, 200, drifted());
    // Both items carry each mismatch; the paths name the list's items as [*].
    assert.deepEqual(
      [...new Set(summary(found))],
      [
        "type $[*].assignees: expected array of APIEntitiesUserBasic (object), received object",
        "type $[*].iid: expected integer, received string",
        "type $[*].state: expected string, received null",
        "undeclared $[*].unknown_field: expected no such property, received integer",
      ],
    );
  });

  it("reports each distinct mismatch once, to logger.warn, without quoting a value", async () => {
    const warnings: string[] = [];
    const checker = createResponseChecker({ logger: { warn: (m) => warnings.push(m) } });
    await checker.check(MR_LIST, 200, drifted());
    await checker.check(MR_LIST, 200, drifted());
    await checker.check(MR_LIST, 200, mergeRequests());
    assert.equal(warnings.length, 4, warnings.join("\n---\n"));
    const assignees = warnings.find((w) => w.includes("$[*].assignees"));
    assert.ok(assignees);
    assert.match(
      assignees,
      /^response check: getApiV4ProjectsIdMergeRequests \(200\) at \$\[\*\]\.assignees: expected array of APIEntitiesUserBasic \(object\), received object\./,
    );
    assert.match(assignees, /\nschemas:\n {2}- schema: "APIEntitiesMergeRequestBasic"\n/);
    for (const warning of warnings) assert.ok(!warning.includes(SECRET), warning);
  });

  it("passes every report through the redactor and survives a throwing logger", async () => {
    const seen: string[] = [];
    const checker = createResponseChecker({
      logger: {
        warn: (m) => {
          seen.push(m);
          throw new Error("logger down");
        },
      },
      redact: (text) => text.replaceAll("APIEntitiesUserBasic", "[REDACTED]"),
    });
    await checker.check(MR_LIST, 200, drifted());
    assert.equal(seen.length, 4);
    assert.ok(seen.some((m) => m.includes("expected array of [REDACTED] (object)")));
  });

  it("ignores operations and statuses without a JSON schema", async () => {
    const warnings: string[] = [];
    const checker = createResponseChecker({ logger: { warn: (m) => warnings.push(m) } });
    await checker.check("noSuchOperation", 200, { anything: 1 });
    await checker.check(MR_LIST, 204, "no body");
    assert.deepEqual(warnings, []);
  });
});

describe("response check: the fixes.yaml entry it prints", () => {
  let doc: OpenApiDocument;
  let operations: OperationInfo[];
  let dir: string;
  const identity = { title: "t", version: "19.5", sha256: "0" };

  before(async () => {
    const spec = await loadSpec();
    doc = spec.document;
    operations = collectOperations(doc, new Lint());
    dir = await mkdtemp(join(tmpdir(), "typed-gitlab-fix-entry-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const validatorOf = (document: OpenApiDocument) =>
    new ResponseValidator(buildResponseSchemas(identity, document, operations));

  /** Applies the printed entry to a copy of the patched spec, as npm run generate would. */
  async function patched(document: OpenApiDocument, entry: string): Promise<OpenApiDocument> {
    const fixesFile = join(dir, `fix-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(fixesFile, entry);
    const copy = structuredClone(document);
    const lint = new Lint();
    applyFixes(copy, await readFixes(fixesFile), lint);
    assert.ok(
      !lint.entries().some((e) => e.kind === "stale-targeted-fix"),
      `the entry applies: ${entry}`,
    );
    return copy;
  }

  /** The spec with `required` on merge requests, as the type emitter will have it. */
  function withRequired(document: OpenApiDocument): OpenApiDocument {
    const copy = structuredClone(document);
    const schema = copy.components?.schemas?.APIEntitiesMergeRequestBasic;
    assert.ok(schema);
    schema.required = ["id", "iid", "title"];
    return copy;
  }

  it("is the patch that makes the type admit what was received, for every kind", async () => {
    const document = withRequired(doc);
    const schemas = buildResponseSchemas(identity, document, operations);
    const body = drifted(schemas);
    for (const mr of body) delete mr.title;
    const found = new ResponseValidator(schemas).validate(MR_LIST, 200, body);
    const kinds = new Set(found.map((m) => m.kind));
    assert.deepEqual([...kinds].sort(), ["missing", "type", "undeclared"]);
    const distinct = new Map(found.map((m) => [`${m.path} ${m.kind}`, m]));
    for (const mismatch of distinct.values()) {
      const entry = fixEntryYaml(mismatch.fix);
      const parsed: unknown = YAML.parse(entry);
      assert.equal(typeof parsed, "object", entry);
      const after = validatorOf(await patched(document, entry)).validate(MR_LIST, 200, body);
      const left = summary(after).filter((line) => line.includes(` ${mismatch.path}:`));
      assert.deepEqual(left, [], `after ${entry}`);
      assert.equal(after.length, found.length - 2, `only ${mismatch.path} is fixed by ${entry}`);
    }
  });

  it("patches the declaring component, or the operation for an inline schema", () => {
    const document = withRequired(doc);
    const schemas = buildResponseSchemas(identity, document, operations);
    const body = drifted(schemas);
    for (const mr of body) delete mr.title;
    const found = new ResponseValidator(schemas).validate(MR_LIST, 200, body);
    const byPath = new Map(found.map((m) => [m.path, YAML.parse(fixEntryYaml(m.fix)) as unknown]));
    const entry = (set: Record<string, unknown>, reasonOf: string) => {
      const parsed = byPath.get(reasonOf) as { schemas: { reason: string }[] };
      return {
        schemas: [
          { schema: "APIEntitiesMergeRequestBasic", reason: parsed.schemas[0]?.reason, set },
        ],
      };
    };
    assert.deepEqual(
      byPath.get("$[*].assignees"),
      entry(
        {
          "/properties/assignees": { type: "object" },
        },
        "$[*].assignees",
      ),
    );
    assert.deepEqual(
      byPath.get("$[*].state"),
      entry({ "/properties/state/nullable": true }, "$[*].state"),
    );
    assert.deepEqual(
      byPath.get("$[*].iid"),
      entry({ "/properties/iid/type": "string" }, "$[*].iid"),
    );
    assert.deepEqual(
      byPath.get("$[*].unknown_field"),
      entry({ "/properties/unknown_field": { type: "integer" } }, "$[*].unknown_field"),
    );
    assert.deepEqual(byPath.get("$[*].title"), entry({ "/required": ["id", "iid"] }, "$[*].title"));

    const [languages] = new ResponseValidator(file).validate(LANGUAGES, 200, { Ruby: "66%" });
    assert.ok(languages);
    assert.equal(languages.path, "$.*");
    assert.deepEqual(YAML.parse(fixEntryYaml(languages.fix)), {
      operations: [
        {
          operationId: LANGUAGES,
          reason: languages.fix.reason,
          set: {
            "/responses/200/content/application~1json/schema/additionalProperties/type": "string",
          },
        },
      ],
    });
  });
});
