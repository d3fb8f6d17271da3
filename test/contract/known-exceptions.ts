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

export const KNOWN_EXCEPTIONS: ReadonlyMap<string, KnownException> = new Map<
  string,
  KnownException
>([
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
