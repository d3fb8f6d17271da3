import type { RequestOptions } from "./call-policy.js";
import type { GitlabList } from "./gitlab-list.js";

export type PaginateOptions = RequestOptions & {
  /** Items per page (1–100). Default: the client's `perPage`, else 100. */
  perPage?: number;
  /** Pages fetched ahead of the consumer when GitLab gives the total. Default 8; 1 = sequential. */
  prefetch?: number;
  /**
   * Keyset pagination (`pagination=keyset`), on the endpoints that support it (GitLab's spec does not
   * declare the parameter). Steadier and cheaper than offset on big listings; pages follow one another.
   */
  keyset?: boolean;
};

/** The item type of a list response. */
export type ListItem<R> = R extends readonly (infer Item)[] ? Item : never;

/** An async iterable over every item of a listing, opened on first use. */
export class Paginated<T> implements AsyncIterable<T> {
  readonly #open: () => Promise<GitlabList<T>>;

  constructor(open: () => Promise<GitlabList<T>>) {
    this.#open = open;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    yield* await this.#open();
  }

  /** Every item, in order. */
  async all(): Promise<T[]> {
    return (await this.#open()).all();
  }

  /** The listing with its page metadata (`total`, `totalPages`, …), first page fetched. */
  list(): Promise<GitlabList<T>> {
    return this.#open();
  }
}
