import type { Params } from "./http/params.js";
import { jsonText, paramError } from "./http/response.js";
import type { SimResponse } from "./http/response.js";
import type { RouteContext } from "./router.js";

const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 100;
/** Above this many items GitLab stops counting: no X-Total, X-Total-Pages or rel="last". */
const COUNT_LIMIT = 10_000;

export function perPageOf(input: Params): number {
  const perPage = input.int("per_page") ?? DEFAULT_PER_PAGE;
  if (perPage < 1) return DEFAULT_PER_PAGE;
  return Math.min(perPage, MAX_PER_PAGE);
}

/** The request's URL on its own Host with some query parameters replaced or removed. */
export function linkUrl(
  ctx: RouteContext,
  set: Record<string, string>,
  remove: readonly string[] = [],
): string {
  const query = new URLSearchParams(ctx.query);
  for (const name of remove) query.delete(name);
  for (const [name, value] of Object.entries(set)) query.set(name, value);
  return `${ctx.requestOrigin}${ctx.rawPath}?${query.toString()}`;
}

function listResponse(items: readonly string[], headers: Record<string, string>): SimResponse {
  return jsonText(200, `[${items.join(",")}]`, headers);
}

/**
 * One page of an offset-paginated list of `total` items. `items(offset, limit)` returns the
 * JSON texts of that slice, so huge synthetic lists are only ever built a page at a time.
 */
export function offsetList(
  ctx: RouteContext,
  total: number,
  items: (offset: number, limit: number) => string[],
  maxOffset?: { limit: number; type: string },
): SimResponse {
  const perPage = perPageOf(ctx.input);
  const page = Math.max(1, ctx.input.int("page") ?? 1);
  const offset = (page - 1) * perPage;
  if (maxOffset && offset > maxOffset.limit) {
    throw paramError(
      405,
      `Offset pagination has a maximum allowed offset of ${maxOffset.limit} for requests that return objects of type ${maxOffset.type}. Remaining records can be retrieved using keyset pagination.`,
    );
  }
  const counted = total <= COUNT_LIMIT;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const hasNext = offset + perPage < total;
  const hasPrev = page > 1;
  const link = (target: number) =>
    linkUrl(ctx, { page: String(target), per_page: String(perPage) });
  const links: string[] = [];
  if (hasPrev) links.push(`<${link(page - 1)}>; rel="prev"`);
  if (hasNext) links.push(`<${link(page + 1)}>; rel="next"`);
  links.push(`<${link(1)}>; rel="first"`);
  if (counted) links.push(`<${link(totalPages)}>; rel="last"`);
  const headers: Record<string, string> = {
    Link: links.join(", "),
    "X-Page": String(page),
    "X-Per-Page": String(perPage),
    "X-Next-Page": hasNext ? String(page + 1) : "",
    "X-Prev-Page": hasPrev ? String(page - 1) : "",
  };
  if (counted) {
    headers["X-Total"] = String(total);
    headers["X-Total-Pages"] = String(totalPages);
  }
  return listResponse(offset < total ? items(offset, perPage) : [], headers);
}

export function offsetArray<T>(
  ctx: RouteContext,
  array: readonly T[],
  serialize: (item: T) => unknown,
): SimResponse {
  return offsetList(ctx, array.length, (offset, limit) =>
    array.slice(offset, offset + limit).map((item) => JSON.stringify(serialize(item))),
  );
}

/** A keyset page: only a `Link: <…>; rel="next"` when `next` gives the parameters of the next page. */
export function keysetList(
  ctx: RouteContext,
  items: readonly string[],
  next: { set: Record<string, string>; remove: readonly string[] } | undefined,
): SimResponse {
  const headers: Record<string, string> = {};
  if (next) headers["Link"] = `<${linkUrl(ctx, next.set, next.remove)}>; rel="next"`;
  return listResponse(items, headers);
}

export const isKeyset = (ctx: RouteContext): boolean => ctx.input.string("pagination") === "keyset";

export function keysetUnavailable(): never {
  throw paramError(405, "Keyset pagination is not yet available for this type of request");
}

/** An opaque cursor like GitLab's: base64url of the last item's ordering key. */
export function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ id: String(id), _kd: "n" })).toString("base64url");
}

export function decodeCursor(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const id = Number((parsed as { id?: unknown }).id);
    if (Number.isInteger(id)) return id;
  } catch {
    // Falls through to the 400 below.
  }
  throw paramError(400, "cursor is invalid");
}
