// The arguments a careful caller would pass to one generated function, as complete as the operation
// allows so that every field's encoding meets the validator: every path and query parameter and every
// field of the body, each with a valid value from examples.ts (comma arrays with two items).

import type { OperationMeta } from "../../src/endpoint.js";
import type { OpenApiDocument, Operation, Parameter, Schema } from "../../scripts/openapi.js";
import { exampleValue, flattenSchema, type ExampleOptions } from "./examples.js";

export interface CallArgs {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

export interface BuiltRequest {
  readonly args: CallArgs;
  /**
   * Bracket-style array parameters sent single-valued (`name=v` instead of `name[]=v`): Prism reads
   * query arrays the OpenAPI way and sees `name[]` as an unknown parameter, so the bracket form could
   * not be validated; the value was. Empty when nothing was downgraded.
   */
  readonly singleValued: string[];
  /**
   * Bracket-style arrays whose own name holds brackets (`not[labels]`), left out: the client would
   * send `not[labels][]=v`, and Prism matches no parameter name with brackets (nor reads `[]`), so
   * their values cannot be validated in any form. The rest of the request is.
   */
  readonly omitted: string[];
  /**
   * Array and hash fields of a multipart or form body: the client sends them as Rack reads them
   * (`name[]=v`, `name[key]=v`), which Prism does not map back to `name`, so their values go
   * unvalidated (an unknown field is not an error). Sent anyway, and listed.
   */
  readonly formNested: string[];
}

/** Multipart file fields get a small file; the runtime turns a Blob into a file part. */
export const EXAMPLE_OPTIONS: ExampleOptions = {
  binary: () => new Blob(["contract test file\n"], { type: "text/plain" }),
  allProperties: true,
};

export function indexOperations(
  doc: OpenApiDocument,
): Map<string, { operation: Operation; pathParameters: Parameter[] }> {
  const index = new Map<string, { operation: Operation; pathParameters: Parameter[] }>();
  for (const item of Object.values(doc.paths)) {
    for (const method of ["get", "post", "put", "patch", "delete", "head"] as const) {
      const operation = item[method];
      if (operation?.operationId !== undefined)
        index.set(operation.operationId, { operation, pathParameters: item.parameters ?? [] });
    }
  }
  return index;
}

/** Two distinct valid items when the schema allows, so a comma list really has a comma. */
function twoItems(doc: OpenApiDocument, schema: Schema): unknown[] {
  const items = flattenSchema(doc, schema).items;
  if (items === undefined) return ["a", "b"];
  const item = flattenSchema(doc, items);
  const first = exampleValue(doc, items, EXAMPLE_OPTIONS);
  if (Array.isArray(item.enum)) {
    const second = item.enum.find((v) => v !== null && v !== first);
    return second === undefined ? [first] : [first, second];
  }
  if (item.type === "integer" || item.type === "number") {
    const second = typeof first === "number" ? first + 1 : first;
    const max = typeof item.maximum === "number" ? item.maximum : Infinity;
    return typeof second === "number" && second <= max ? [first, second] : [first];
  }
  if (item.type === "string" && item.pattern === undefined && item.format === undefined)
    return [first, `${String(first)}-2`];
  return [first];
}

export function buildRequest(
  doc: OpenApiDocument,
  meta: OperationMeta,
  operation: Operation,
  pathItemParameters: readonly Parameter[],
): BuiltRequest {
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const singleValued: string[] = [];
  const omitted: string[] = [];
  const formNested: string[] = [];
  const own = new Set((operation.parameters ?? []).map((p) => `${p.in}:${p.name}`));
  const parameters = [
    ...pathItemParameters.filter((p) => !own.has(`${p.in}:${p.name}`)),
    ...(operation.parameters ?? []),
  ];
  for (const parameter of parameters) {
    const schema: Schema = parameter.schema ?? { type: "string" };
    if (parameter.in === "path") {
      path[parameter.name] = exampleValue(doc, schema, EXAMPLE_OPTIONS);
    } else if (parameter.in === "query") {
      const style = meta.queryArrays?.[parameter.name];
      if (style === "comma") {
        query[parameter.name] = twoItems(doc, schema);
      } else if (style === "brackets" && parameter.name.includes("[")) {
        omitted.push(parameter.name);
      } else if (style === "brackets") {
        const value = exampleValue(doc, schema, EXAMPLE_OPTIONS);
        if (Array.isArray(value)) {
          // The single item, not the array: the client then sends `name=v`, which Prism can read.
          query[parameter.name] = value[0];
          singleValued.push(parameter.name);
        } else {
          query[parameter.name] = value;
        }
      } else {
        // Optional ones too: each kind of value (boolean, date, enum, integer) is then checked on the wire.
        query[parameter.name] = exampleValue(doc, schema, EXAMPLE_OPTIONS);
      }
    } else if (parameter.required) {
      throw new Error(`${meta.operationId}: required ${parameter.in} parameter ${parameter.name}`);
    }
  }

  const args: CallArgs = {};
  if (Object.keys(path).length > 0) args.path = path;
  if (Object.keys(query).length > 0) args.query = query;
  const requestBody = operation.requestBody;
  if (requestBody !== undefined && meta.requestBody !== undefined) {
    const schema = requestBody.content?.[meta.requestBody]?.schema;
    const body = schema === undefined ? {} : exampleValue(doc, schema, EXAMPLE_OPTIONS);
    const empty =
      typeof body === "object" &&
      body !== null &&
      !Array.isArray(body) &&
      Object.keys(body).length === 0;
    if (requestBody.required === true || !empty) args.body = body;
    if (meta.requestBody !== "application/json" && typeof body === "object" && body !== null) {
      for (const [name, value] of Object.entries(body)) {
        const nested =
          Array.isArray(value) || (typeof value === "object" && !(value instanceof Blob));
        if (nested && value !== null) formNested.push(name);
      }
    }
  }
  return { args, singleValued, omitted, formNested };
}
