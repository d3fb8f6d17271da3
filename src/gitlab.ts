import type { OperationMeta } from "./endpoint.js";
import type { GitlabOptions } from "./options.js";
import type { RequestOptions } from "./request-options.js";

// Placeholder while the transport is written (issue 2); replaced in full by the real client.
export class Gitlab {
  constructor(readonly options: GitlabOptions = {}) {}

  callOperation(_meta: OperationMeta, _params: object, _options?: RequestOptions): Promise<unknown> {
    return Promise.reject(new Error("not implemented yet"));
  }
}
