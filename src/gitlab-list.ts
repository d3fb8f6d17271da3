import { setMaxListeners } from "node:events";
import { GitlabAbortError, GitlabPaginationError } from "./errors.js";
import { nextPageUrl, pageInfo, withPage, type PageInfo } from "./pagination.js";
import type { ResponseHeaders } from "./headers.js";

export interface FetchedPage {
  url: string;
  headers: ResponseHeaders;
  items: unknown[];
}

export interface ListSource {
  /** Fetch one page. `signal` fires when the consumer stops early, to cancel pages fetched ahead. */
  fetchPage(url: string, signal: AbortSignal): Promise<FetchedPage>;
  /** Vet a next-page URL: rewrite it to the configured base (keepBaseUrl) or refuse it. */
  vetNextUrl(url: string, from: string): string;
  /** Pages fetched ahead of the consumer when the total is known; 1 means strictly one after another. */
  prefetch: number;
  signal?: AbortSignal | undefined;
  /** Scrubs secrets from the URLs and headers quoted in pagination errors. */
  redact: (text: string) => string;
  /** Told about a page that looked wrong but did not stop the listing. */
  warn: (message: string) => void;
}

/**
 * A lazy, single-pass listing that follows GitLab's pagination. Pages are fetched as items are
 * consumed; when GitLab gives `X-Total-Pages`, up to `prefetch` pages are fetched ahead while items
 * are still yielded in order, and each page is checked to be the one expected.
 */
export class GitlabList<T> implements AsyncIterable<T> {
  #page: FetchedPage;
  #info: PageInfo;
  #next: string | undefined;
  #started = false;
  readonly #source: ListSource;
  readonly #redact = (text: string): string => this.#source.redact(text);

  private constructor(source: ListSource, first: FetchedPage) {
    this.#source = source;
    this.#page = first;
    this.#info = pageInfo(first.headers);
    this.#next = this.#vetted(first);
  }

  /** Fetch the first page, so the metadata is there before iteration (as in python-gitlab). */
  static async open<T>(source: ListSource, url: string): Promise<GitlabList<T>> {
    const signal = source.signal ?? new AbortController().signal;
    return new GitlabList<T>(source, await source.fetchPage(url, signal));
  }

  get currentPage(): number | undefined {
    return this.#info.currentPage;
  }
  get nextPage(): number | undefined {
    return this.#info.nextPage;
  }
  get prevPage(): number | undefined {
    return this.#info.prevPage;
  }
  get perPage(): number | undefined {
    return this.#info.perPage;
  }
  get total(): number | undefined {
    return this.#info.total;
  }
  get totalPages(): number | undefined {
    return this.#info.totalPages;
  }

  /** Every remaining item, in order. */
  async all(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    if (this.#started)
      throw new GitlabPaginationError(
        this.#redact(this.#page.url),
        "a GitlabList can be iterated only once",
      );
    this.#started = true;
    const stop = new AbortController();
    const signal = this.#source.signal
      ? AbortSignal.any([this.#source.signal, stop.signal])
      : stop.signal;
    // Every page in flight listens on this signal; more than Node's default 10 is expected, not a leak.
    setMaxListeners(this.#source.prefetch + 4, signal);
    const ahead: Array<Promise<FetchedPage>> = [];
    try {
      for (;;) {
        yield* this.#page.items as T[];
        this.#page.items = [];
        const page = await this.#advance(ahead, signal);
        if (page === undefined) return;
        this.#page = page;
        this.#info = pageInfo(page.headers);
        this.#next = this.#vetted(page);
      }
    } finally {
      stop.abort();
      // Pages fetched ahead and never consumed fail with an abort; nobody is waiting for them.
      for (const pending of ahead) pending.catch(() => {});
    }
  }

  async #advance(
    ahead: Array<Promise<FetchedPage>>,
    signal: AbortSignal,
  ): Promise<FetchedPage | undefined> {
    if (signal.aborted) throw new GitlabAbortError("GET", this.#redact(this.#page.url));
    const { currentPage, totalPages } = this.#info;
    const canPlan =
      this.#source.prefetch > 1 && currentPage !== undefined && totalPages !== undefined;
    if (!canPlan) {
      if (ahead.length > 0) return ahead.shift();
      return this.#next === undefined ? undefined : this.#fetch(this.#next, signal);
    }
    if (this.#next === undefined && ahead.length === 0) return undefined;
    // Offset pagination with a known total: fetch the following pages concurrently, consume in order.
    const template = this.#next ?? this.#page.url;
    const planned = currentPage + ahead.length;
    for (
      let page = planned + 1;
      page <= totalPages && ahead.length < this.#source.prefetch;
      page++
    ) {
      ahead.push(this.#expectPage(withPage(template, page), page, signal));
    }
    return ahead.shift();
  }

  async #expectPage(url: string, page: number, signal: AbortSignal): Promise<FetchedPage> {
    const fetched = await this.#fetch(url, signal);
    const got = pageInfo(fetched.headers).currentPage;
    if (got !== undefined && got !== page) {
      throw new GitlabPaginationError(
        this.#redact(url),
        `asked for page ${page}, GitLab answered with page ${got}`,
      );
    }
    return fetched;
  }

  /**
   * Fetch a page; an empty one that announces a next page is fetched once more. GitLab can send
   * that legitimately (items filtered after paginating) or by accident (a lagging replica, a proxy);
   * asking again keeps the accident from silently dropping a page of items.
   */
  async #fetch(url: string, signal: AbortSignal): Promise<FetchedPage> {
    const page = await this.#source.fetchPage(url, signal);
    if (page.items.length > 0 || !this.#announcesNext(page)) return page;
    const again = await this.#source.fetchPage(url, signal);
    if (again.items.length === 0) {
      this.#source.warn(
        `${this.#redact(url)}: GitLab sent an empty page that is not the last, twice; going on with the next page`,
      );
    }
    return again;
  }

  #announcesNext(page: FetchedPage): boolean {
    try {
      return nextPageUrl(page.headers, page.url) !== undefined;
    } catch {
      return false; // A malformed header is reported when the page is consumed.
    }
  }

  #vetted(page: FetchedPage): string | undefined {
    const next = nextPageUrl(page.headers, page.url, this.#redact);
    if (next === undefined) return undefined;
    if (next === page.url)
      throw new GitlabPaginationError(
        this.#redact(page.url),
        "the next page link points to the same page",
      );
    return this.#source.vetNextUrl(next, page.url);
  }
}
