import { GitlabPaginationError } from "./errors.js";
import type { ResponseHeaders } from "./headers.js";

/** The page metadata GitLab sends; a field is absent when GitLab omits it (as it does above 10,000 items). */
export interface PageInfo {
  currentPage?: number;
  nextPage?: number;
  prevPage?: number;
  perPage?: number;
  total?: number;
  totalPages?: number;
}

export function pageInfo(headers: ResponseHeaders): PageInfo {
  const info: PageInfo = {};
  const fields = [
    ["currentPage", "x-page"],
    ["nextPage", "x-next-page"],
    ["prevPage", "x-prev-page"],
    ["perPage", "x-per-page"],
    ["total", "x-total"],
    ["totalPages", "x-total-pages"],
  ] as const;
  for (const [field, header] of fields) {
    const value = headers.get(header)?.trim();
    if (value !== undefined && /^\d+$/.test(value)) info[field] = Number(value);
  }
  return info;
}

type Redact = (text: string) => string;
const asIs: Redact = (text) => text;

/**
 * `Link: <url>; rel="next", …` → { next: url, … }. Throws on a header that is there but unreadable,
 * quoting it through `redact` (a server may echo anything, a token included, into a header).
 */
export function parseLinkHeader(
  header: string,
  requestUrl: string,
  redact: Redact = asIs,
): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    const rels = match && /\brel\s*=\s*"?([^";]+)"?/i.exec(match[2]!);
    if (!match || !rels) {
      throw new GitlabPaginationError(
        redact(requestUrl),
        `malformed Link header: ${JSON.stringify(redact(header).slice(0, 200))}`,
      );
    }
    for (const rel of rels[1]!.trim().split(/\s+/))
      links[rel] = new URL(match[1]!, requestUrl).href;
  }
  return links;
}

/**
 * Where the next page is: `Link: rel="next"` (the only signal under keyset pagination), else
 * `X-Next-Page` on the current URL. Undefined on the last page.
 */
export function nextPageUrl(
  headers: ResponseHeaders,
  requestUrl: string,
  redact: Redact = asIs,
): string | undefined {
  const link = headers.get("link");
  if (link !== undefined && link.trim() !== "")
    return parseLinkHeader(link, requestUrl, redact).next;
  const next = headers.get("x-next-page")?.trim();
  if (next === undefined || next === "") return undefined;
  if (!/^\d+$/.test(next)) {
    throw new GitlabPaginationError(
      redact(requestUrl),
      `X-Next-Page is not a page number: ${JSON.stringify(redact(next).slice(0, 50))}`,
    );
  }
  return withPage(requestUrl, Number(next));
}

export function withPage(url: string, page: number): string {
  const parsed = new URL(url);
  parsed.searchParams.set("page", String(page));
  return parsed.href;
}
