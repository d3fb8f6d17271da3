import { json, jsonText, messageError, paramError } from "../http/response.js";
import type { SimResponse } from "../http/response.js";
import { isKeyset, keysetList, keysetUnavailable, offsetList, perPageOf } from "../pagination.js";
import type { RouteContext, Router } from "../router.js";
import { canSeeProject } from "../state/access.js";
import { groupNamespace } from "../state/build.js";
import type { Namespace, Project } from "../state/model.js";
import type { IdView } from "../state/id-view.js";
import { nowIso } from "../state/time.js";
import { findProject, sortOf } from "./lookup.js";
import type { SortDirection } from "./lookup.js";
import { projectText } from "./project-text.js";

/** Parameters that need every project looked at, which is slow on a million synthetic ones. */
const FILTERS = ["search", "visibility", "owned", "membership"] as const;
const ORDERS = ["id", "created_at", "name", "path", "updated_at", "last_activity_at"] as const;

function listProjects(ctx: RouteContext): SimResponse {
  const store = ctx.state.projects;
  const view = store.view((project) => canSeeProject(ctx.user, project));
  const text = (id: number) => projectText(ctx, store.get(id) as Project);
  const orderBy = ctx.input.oneOf("order_by", ORDERS) ?? "created_at";
  const sort = sortOf(ctx);
  if (isKeyset(ctx)) {
    if (orderBy !== "id") keysetUnavailable();
    return keysetProjects(ctx, view, sort, text);
  }
  const filtered = FILTERS.some((name) => ctx.input.has(name));
  if (!filtered && (orderBy === "id" || orderBy === "created_at")) {
    // Ids grow with creation time, so both orders are the view's index order.
    const idsAt = (offset: number, limit: number) =>
      sort === "asc"
        ? view.slice(offset, offset + limit)
        : view.slice(view.size - offset - limit, view.size - offset).reverse();
    const maxOffset = ctx.state.maxOffset;
    return offsetList(
      ctx,
      view.size,
      (offset, limit) => idsAt(offset, limit).map(text),
      maxOffset === undefined ? undefined : { limit: maxOffset, type: "Project" },
    );
  }
  const projects = view
    .slice(0, view.size)
    .map((id) => store.get(id) as Project)
    .filter((project) => matchesFilters(ctx, project));
  const key = (project: Project): string | number =>
    orderBy === "name"
      ? project.name.toLowerCase()
      : orderBy === "path"
        ? project.path
        : project.id;
  const sign = sort === "asc" ? 1 : -1;
  projects.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return sign * ((x < y ? -1 : x > y ? 1 : 0) || a.id - b.id);
  });
  return offsetList(ctx, projects.length, (offset, limit) =>
    projects.slice(offset, offset + limit).map((project) => projectText(ctx, project)),
  );
}

function matchesFilters(ctx: RouteContext, project: Project): boolean {
  const search = ctx.input.string("search")?.toLowerCase();
  if (search && !project.name.toLowerCase().includes(search) && !project.path.includes(search))
    return false;
  const visibility = ctx.input.string("visibility");
  if (visibility && project.visibility !== visibility) return false;
  if (ctx.input.bool("owned") && project.creatorId !== ctx.user?.id) return false;
  if (ctx.input.bool("membership")) {
    const user = ctx.user;
    if (!user || (project.creatorId !== user.id && !project.members.includes(user.id)))
      return false;
  }
  return true;
}

/** GitLab's keyset pagination on `/projects`: `id_after` (asc) or `id_before` (desc) in the next link. */
function keysetProjects(
  ctx: RouteContext,
  view: IdView,
  sort: SortDirection,
  text: (id: number) => string,
): SimResponse {
  const perPage = perPageOf(ctx.input);
  if (sort === "asc") {
    const from = view.countBelow((ctx.input.int("id_after") ?? 0) + 1);
    const ids = view.slice(from, from + perPage);
    const last = ids[ids.length - 1];
    const more = from + perPage < view.size && last !== undefined;
    return keysetList(
      ctx,
      ids.map(text),
      more ? { set: { id_after: String(last) }, remove: ["id_before", "page"] } : undefined,
    );
  }
  const to = view.countBelow(ctx.input.int("id_before") ?? Number.MAX_SAFE_INTEGER);
  const ids = view.slice(Math.max(0, to - perPage), to).reverse();
  const last = ids[ids.length - 1];
  const more = to - perPage > 0 && last !== undefined;
  return keysetList(
    ctx,
    ids.map(text),
    more ? { set: { id_before: String(last) }, remove: ["id_after", "page"] } : undefined,
  );
}

function createProject(ctx: RouteContext): SimResponse {
  const user = ctx.user;
  if (!user) throw messageError(401, "401 Unauthorized");
  const name = ctx.input.string("name");
  const path = ctx.input.string("path") ?? name?.toLowerCase().replace(/[^a-z0-9_.-]+/g, "-");
  if (!name && !path)
    throw paramError(400, "name, path are missing, at least one parameter must be provided");
  let namespace: Namespace = {
    id: 1000 + user.id,
    name: user.name,
    path: user.username,
    kind: "user",
    fullPath: user.username,
    parentId: null,
  };
  const namespaceId = ctx.input.int("namespace_id");
  if (namespaceId !== undefined) {
    const group = ctx.state.groups.get(namespaceId);
    if (!group) throw messageError(404, "404 Namespace Not Found");
    namespace = groupNamespace(group);
  }
  if (!path) throw messageError(400, { path: ["can't be blank"] });
  if (ctx.state.projects.getByPath(`${namespace.fullPath}/${path}`)) {
    throw messageError(400, { name: ["has already been taken"], path: ["has already been taken"] });
  }
  const now = nowIso();
  const project = ctx.state.projects.add({
    name: name ?? path,
    path,
    namespace,
    visibility:
      ctx.input.oneOf("visibility", ["public", "internal", "private"] as const) ?? "private",
    description: ctx.input.string("description") ?? "",
    defaultBranch: ctx.input.string("default_branch") ?? "main",
    createdAt: now,
    lastActivityAt: now,
    creatorId: user.id,
    members: [],
  });
  const data = ctx.state.dataOf(project.id);
  data.branches = [project.defaultBranch];
  return jsonText(201, projectText(ctx, project));
}

function deleteProject(ctx: RouteContext): SimResponse {
  const project = findProject(ctx);
  const user = ctx.user;
  if (!user || !(user.admin || project.creatorId === user.id))
    throw messageError(403, "403 Forbidden");
  ctx.state.projects.delete(project.id);
  return json(202, { message: "202 Accepted" });
}

export function registerProjects(router: Router): void {
  router.on("GET", "/projects", listProjects);
  router.on("POST", "/projects", createProject);
  router.on("GET", "/projects/:id", (ctx) => jsonText(200, projectText(ctx, findProject(ctx))));
  router.on("DELETE", "/projects/:id", deleteProject);
}
