import { json } from "../http/response.js";
import { offsetArray, offsetList } from "../pagination.js";
import type { RouteContext, Router } from "../router.js";
import { canSeeGroup, canSeeProject } from "../state/access.js";
import type { Group, Namespace, Project } from "../state/model.js";
import { findGroup } from "./lookup.js";
import { projectText } from "./project-text.js";
import { groupJson } from "./serialize.js";

function visibleGroups(ctx: RouteContext, keep: (group: Group) => boolean): Group[] {
  const search = ctx.input.string("search")?.toLowerCase();
  return [...ctx.state.groups.values()]
    .filter((group) => canSeeGroup(ctx.user, group) && keep(group))
    .filter((group) => !search || `${group.name} ${group.path}`.toLowerCase().includes(search))
    .sort((a, b) => a.fullName.localeCompare(b.fullName) || a.id - b.id);
}

export function registerGroups(router: Router): void {
  router.on("GET", "/groups", (ctx) => {
    const topLevel = ctx.input.bool("top_level_only") ?? false;
    const groups = visibleGroups(ctx, (group) => !topLevel || group.parentId === null);
    return offsetArray(ctx, groups, (group) => groupJson(group, ctx.externalUrl));
  });
  router.on("GET", "/groups/:id", (ctx) => json(200, groupJson(findGroup(ctx), ctx.externalUrl)));
  router.on("GET", "/groups/:id/subgroups", (ctx) => {
    const parent = findGroup(ctx);
    const groups = visibleGroups(ctx, (group) => group.parentId === parent.id);
    return offsetArray(ctx, groups, (group) => groupJson(group, ctx.externalUrl));
  });
  router.on("GET", "/groups/:id/projects", (ctx) => {
    const group = findGroup(ctx);
    const includeSubgroups = ctx.input.bool("include_subgroups") ?? false;
    const inScope = (namespace: Namespace) =>
      namespace.kind === "group" &&
      (namespace.id === group.id ||
        (includeSubgroups && namespace.fullPath.startsWith(`${group.fullPath}/`)));
    const store = ctx.state.projects;
    const synthetic = store.synthetic;
    const view = store.view(
      (project) => inScope(project.namespace) && canSeeProject(ctx.user, project),
      synthetic !== undefined && inScope(synthetic.namespace),
    );
    // Newest first, GitLab's default order; Entities::Project, without the reader's access.
    return offsetList(ctx, view.size, (offset, limit) =>
      view
        .slice(view.size - offset - limit, view.size - offset)
        .reverse()
        .map((id) => projectText(ctx, store.get(id) as Project, false)),
    );
  });
}
