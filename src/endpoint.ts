import type { RequestOptions } from "./call-policy.js";

export type OperationMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";

/** How GitLab (Grape behind Rack) reads an array in the query string. */
export type QueryArrayStyle = "brackets" | "comma";

/** What the generator knows of one operation beyond its types: enough to build and decode the request. */
export interface OperationMeta {
  readonly operationId: string;
  readonly method: OperationMethod;
  /** The spec's path template, `/api/v4/...` with `{name}` parameters (Grape syntax already resolved). */
  readonly path: string;
  /** Media type of the request body, when the operation has one. */
  readonly requestBody?:
    | "application/json"
    | "multipart/form-data"
    | "application/x-www-form-urlencoded"
    | "application/octet-stream";
  /** Query parameters that are arrays, and how each is serialized. Absent: none. */
  readonly queryArrays?: Readonly<Record<string, QueryArrayStyle>>;
  /** How the success body is decoded. Absent: JSON. */
  readonly response?: "text" | "binary";
}

type Defined<T> = Exclude<T, undefined>;
type IsOptional<T> = undefined extends T ? true : object extends T ? true : false;
type Field<K extends string, T> = [Defined<T>] extends [never]
  ? { [P in K]?: never }
  : IsOptional<T> extends true
    ? { [P in K]?: Defined<T> }
    : { [P in K]: Defined<T> };

type Parameters_<Op> = Op extends { parameters: infer P } ? P : Record<string, never>;
type BodyContent<Op> = Op extends { requestBody?: infer B }
  ? [Defined<B>] extends [never]
    ? never
    : Defined<B> extends { content: infer C }
      ? C[keyof C]
      : never
  : never;

/** The arguments of a generated endpoint function: `{ path, query, body }`, each typed from the spec. */
export type EndpointParams<Op> = Field<
  "path",
  Parameters_<Op> extends { path?: infer X } ? X : never
> &
  Field<"query", Parameters_<Op> extends { query?: infer X } ? X : never> &
  (Op extends { requestBody: unknown }
    ? { body: BodyContent<Op> }
    : [BodyContent<Op>] extends [never]
      ? { body?: never }
      : { body?: BodyContent<Op> });

type SuccessCodes = 200 | 201 | 202 | 203 | 204 | 206 | "2XX";
type Responses<Op> = Op extends { responses: infer R } ? R : never;
/** Binary downloads arrive as a Buffer (openapi-typescript calls them Blob); everything else as typed. */
type Decoded<T> = [T] extends [Blob] ? Buffer : T;
type ContentOf<R> = R extends { content: infer C }
  ? [C] extends [never]
    ? undefined
    : Decoded<C[keyof C]>
  : unknown;

type SuccessBodies<Op> = {
  [K in keyof Responses<Op>]: K extends SuccessCodes ? ContentOf<Responses<Op>[K]> : never;
}[keyof Responses<Op>];

/** The decoded success body of an operation; `unknown` where the spec gives no schema or no success response. */
export type EndpointResult<Op> = [SuccessBodies<Op>] extends [never] ? unknown : SuccessBodies<Op>;

type ParamsArgument<Op> =
  object extends EndpointParams<Op>
    ? [params?: EndpointParams<Op>, options?: RequestOptions]
    : [params: EndpointParams<Op>, options?: RequestOptions];

/**
 * What runs a generated endpoint: any `Gitlab` client. The key is a symbol so that running an
 * operation by its description stays off the client's public surface; a registered one, because
 * the CommonJS build gives each entry point its own copy of this module.
 */
export const RUN_OPERATION: unique symbol = Symbol.for("typed-gitlab.runOperation");

export interface OperationRunner {
  [RUN_OPERATION](meta: OperationMeta, params: object, options?: RequestOptions): Promise<unknown>;
}

/** A generated endpoint: call it with a client and its typed parameters. */
export interface Endpoint<Op> {
  (gl: OperationRunner, ...args: ParamsArgument<Op>): Promise<EndpointResult<Op>>;
  readonly meta: OperationMeta;
}

/** An endpoint whose result is a list: what `gl.paginate` takes. */
export type ListEndpoint<Op> = EndpointResult<Op> extends readonly unknown[] ? Endpoint<Op> : never;

/** Bind an operation's description to whichever client runs it. Called once per operation by generated code. */
export function endpoint<Op>(meta: OperationMeta): Endpoint<Op> {
  const call = (gl: OperationRunner, params?: EndpointParams<Op>, options?: RequestOptions) =>
    gl[RUN_OPERATION](meta, params ?? {}, options) as Promise<EndpointResult<Op>>;
  return Object.assign(call, { meta });
}
