// Types from openapi-typescript, run once over the whole patched document, then split by module: each
// generated/types/<module>.ts holds only its operations and the component schemas they reach, so a
// consumer's type-check loads kilobytes instead of the 5 MB whole. generated/paths.ts keeps the whole
// output for the path-typed client, and only those who import it pay for it.

import openapiTS, { astToString, NULL, type OpenAPI3, type SchemaObject } from "openapi-typescript";
import ts from "typescript";
import { referencedSchemas, type HttpMethod, type OpenApiDocument } from "./openapi.js";
import type { OperationInfo } from "./operations.js";

export interface EmittedTypes {
  /** The whole openapi-typescript output: paths, operations, components. */
  readonly paths: string;
  /** Module name → its types file. */
  readonly modules: ReadonlyMap<string, string>;
}

const factory = ts.factory;
const exported = [factory.createModifier(ts.SyntaxKind.ExportKeyword)];

/** Binary payloads (downloads, multipart file fields) are Blobs at runtime, not strings. */
function binaryAsBlob(schema: SchemaObject): ts.TypeNode | undefined {
  if (!("format" in schema) || schema.format !== "binary") return undefined;
  const blob = factory.createTypeReferenceNode("Blob");
  return "nullable" in schema && schema.nullable === true
    ? factory.createUnionTypeNode([blob, NULL])
    : blob;
}

function memberName(member: ts.TypeElement): string | undefined {
  const name = member.name;
  if (name === undefined) return undefined;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)
    ? name.text
    : undefined;
}

function membersByName(members: readonly ts.TypeElement[]): Map<string, ts.TypeElement> {
  return new Map(
    members.flatMap((member) => {
      const name = memberName(member);
      return name === undefined ? [] : [[name, member] as const];
    }),
  );
}

const SUCCESS_STATUS = /^(2\d\d|2XX|default)$/;

/**
 * An operation's type without its error responses. EndpointResult reads only success responses, and
 * GitLab's ~5,400 error responses (all but one without a body) are a third of the text a consumer's
 * type-check would parse. paths.ts keeps them.
 */
function withoutErrorResponses(member: ts.TypeElement): ts.TypeElement {
  if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeLiteralNode(member.type)) {
    return member;
  }
  const parts = member.type.members.map((part) => {
    if (memberName(part) !== "responses" || !ts.isPropertySignature(part)) return part;
    if (!part.type || !ts.isTypeLiteralNode(part.type)) return part;
    const kept = part.type.members.filter((response) =>
      SUCCESS_STATUS.test(memberName(response) ?? ""),
    );
    return factory.updatePropertySignature(
      part,
      part.modifiers,
      part.name,
      part.questionToken,
      factory.updateTypeLiteralNode(part.type, factory.createNodeArray(kept)),
    );
  });
  return factory.updatePropertySignature(
    member,
    member.modifiers,
    member.name,
    member.questionToken,
    factory.updateTypeLiteralNode(member.type, factory.createNodeArray(parts)),
  );
}

function findInterface(nodes: readonly ts.Node[], name: string): ts.InterfaceDeclaration {
  const found = nodes.find(
    (node): node is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(node) && node.name.text === name,
  );
  if (!found) throw new Error(`openapi-typescript output has no ${name} interface`);
  return found;
}

function schemaMembers(nodes: readonly ts.Node[]): Map<string, ts.TypeElement> {
  const schemas = findInterface(nodes, "components").members.find(
    (member) => memberName(member) === "schemas",
  );
  if (schemas === undefined) return new Map();
  if (!ts.isPropertySignature(schemas) || !schemas.type || !ts.isTypeLiteralNode(schemas.type)) {
    throw new Error("openapi-typescript output: components.schemas is not a type literal");
  }
  return membersByName(schemas.type.members);
}

export async function emitTypes(
  doc: OpenApiDocument,
  modules: ReadonlyMap<string, readonly OperationInfo[]>,
  header: string,
): Promise<EmittedTypes> {
  // openapi-typescript may annotate the object it is given; the caller's document must stay as it is.
  const nodes = await openapiTS(structuredClone(doc) as unknown as OpenAPI3, {
    // Defaults would mark request-body fields with a default as required, since GitLab's bodies are
    // component schemas that openapi-typescript cannot tell from responses.
    defaultNonNullable: false,
    // `type: object` without properties (custom_attributes, not, hashes in responses) holds data.
    emptyObjectsUnknown: true,
    transform: binaryAsBlob,
    silent: true,
  });

  const operations = membersByName(findInterface(nodes, "operations").members);
  const schemas = schemaMembers(nodes);
  const result = new Map<string, string>();
  for (const [module, ops] of modules) {
    const opMembers = ops.map((op) => {
      const member = operations.get(op.operationId);
      if (!member) throw new Error(`openapi-typescript output has no operation ${op.operationId}`);
      return withoutErrorResponses(member);
    });
    const sources = ops.map((op) => doc.paths[op.path]?.[op.method.toLowerCase() as HttpMethod]);
    const reached = referencedSchemas(doc, sources);
    const declarations: ts.Node[] = [
      factory.createInterfaceDeclaration(exported, "operations", undefined, undefined, opMembers),
    ];
    if (reached.size > 0) {
      // Component order, not discovery order, so the file does not churn when operations move.
      const members = [...schemas]
        .filter(([name]) => reached.has(name))
        .map(([, member]) => member);
      const schemasProperty = factory.createPropertySignature(
        undefined,
        "schemas",
        undefined,
        factory.createTypeLiteralNode(members),
      );
      declarations.push(
        factory.createInterfaceDeclaration(exported, "components", undefined, undefined, [
          schemasProperty,
        ]),
      );
    }
    result.set(module, `${header}\n${astToString(declarations)}`);
  }
  return { paths: `${header}\n${astToString(nodes)}`, modules: result };
}
