import { messageError, notFound, paramError } from "../http/response.js";
import type { RouteContext } from "../router.js";
import { canSeeGroup, canSeeProject, canWriteProject } from "../state/access.js";
import type { Group, Project } from "../state/model.js";

/** `:id` as GitLab reads it: all digits is an id, anything else a (decoded) full path. */
export function findProject(ctx: RouteContext): Project {
  const id = ctx.params["id"] ?? "";
  const store = ctx.state.projects;
  const project = /^\d+$/.test(id) ? store.get(Number(id)) : store.getByPath(id);
  // A project the user may not see is indistinguishable from a missing one, as in GitLab.
  if (!project || !canSeeProject(ctx.user, project)) throw notFound("Project");
  return project;
}

export function findGroup(ctx: RouteContext): Group {
  const id = ctx.params["id"] ?? "";
  const group = /^\d+$/.test(id) ? ctx.state.groups.get(Number(id)) : ctx.state.groupByPath(id);
  if (!group || !canSeeGroup(ctx.user, group)) throw notFound("Group");
  return group;
}

export function requireWrite(ctx: RouteContext, project: Project): void {
  if (!canWriteProject(ctx.user, project)) throw messageError(403, "403 Forbidden");
}

/** An integer path parameter, else Grape's 400 `{"error":"name is invalid"}`. */
export function intParam(ctx: RouteContext, name: string): number {
  const value = ctx.params[name] ?? "";
  if (!/^\d+$/.test(value)) throw paramError(400, `${name} is invalid`);
  return Number(value);
}

export type SortDirection = "asc" | "desc";

export function sortOf(ctx: RouteContext): SortDirection {
  return ctx.input.oneOf("sort", ["asc", "desc"] as const) ?? "desc";
}

/** Compares by a string or number field, then by id so the order is total. */
export function compareBy<T extends { id: number }>(
  key: (item: T) => string | number,
  direction: SortDirection,
): (a: T, b: T) => number {
  const sign = direction === "asc" ? 1 : -1;
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    const primary = x < y ? -1 : x > y ? 1 : 0;
    return sign * (primary || a.id - b.id);
  };
}
