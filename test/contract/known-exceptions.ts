// Operations whose request Prism rejects for a reason that is known and not the test's to fix. Each
// entry names the category and the precise reason; the contract test fails if an entry's operation
// turns out valid (the exception is stale) or fails some other way.

/**
 * client-bug: the client builds an invalid request (fix in src/). spec-defect: GitLab's description is
 * wrong and openapi/fixes.yaml cannot express the fix. validator-limitation: the request is what GitLab
 * reads, but OpenAPI or Prism cannot describe or parse it.
 */
export type ExceptionCategory = "client-bug" | "spec-defect" | "validator-limitation";

export interface KnownException {
  readonly category: ExceptionCategory;
  readonly reason: string;
}

const BLOB_IN_JSON =
  "Client bug (src/operation.ts, encodeOperationBody): the body is application/json and its " +
  "certificate and key fields are typed anyOf [string format binary, string], so the generated type " +
  "accepts a Blob; the client JSON.stringify-s the body and a Blob becomes {}: it sent " +
  '{"certificate":{},"key":{},…} where the spec wants a string (Prism: "Request body property ' +
  'certificate must be string,null"). The file is silently lost. A Blob or bytes in a JSON body should ' +
  "make the request multipart/form-data (which Grape reads as well) or be refused with GitlabOptionError.";

export const KNOWN_EXCEPTIONS: ReadonlyMap<string, KnownException> = new Map<
  string,
  KnownException
>([
  ["postApiV4ProjectsIdPagesDomains", { category: "client-bug", reason: BLOB_IN_JSON }],
  ["putApiV4ProjectsIdPagesDomainsDomain", { category: "client-bug", reason: BLOB_IN_JSON }],
  [
    "postApiV4BulkImports",
    {
      category: "validator-limitation",
      reason:
        "The body is application/x-www-form-urlencoded with a hash (configuration) and an array of " +
        "hashes (entities). The client sends them as Rack reads them, configuration[url]=…&" +
        "entities[][source_type]=…; OpenAPI 3.0 has no form encoding for an array of objects and the " +
        "spec declares none for the hash, so Prism looks for top-level configuration and entities fields " +
        "and reports both missing.",
    },
  ],
]);
