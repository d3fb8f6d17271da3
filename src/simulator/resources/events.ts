import { offsetArray } from "../pagination.js";
import type { RouteContext, Router } from "../router.js";
import type { Event } from "../state/model.js";
import { findProject, sortOf } from "./lookup.js";
import { eventJson } from "./serialize.js";

function listEvents(ctx: RouteContext, keep: (event: Event) => boolean) {
  const action = ctx.input.string("action");
  const targetType = ctx.input.string("target_type")?.toLowerCase();
  const sign = sortOf(ctx) === "asc" ? 1 : -1;
  const events = ctx.state.events
    .filter(
      (event) =>
        keep(event) &&
        (action === undefined || event.actionName === action) &&
        (targetType === undefined || event.targetType.toLowerCase() === targetType),
    )
    .sort((a, b) => sign * (a.id - b.id));
  return offsetArray(ctx, events, (event) => eventJson(event, ctx.state, ctx.externalUrl));
}

export function registerEvents(router: Router): void {
  // The current user's own events; a HEAD request gives just the X-Total count.
  router.on(
    "GET",
    "/events",
    (ctx) => listEvents(ctx, (event) => event.authorId === ctx.user?.id),
    { auth: true },
  );
  router.on("GET", "/projects/:id/events", (ctx) => {
    const project = findProject(ctx);
    return listEvents(ctx, (event) => event.projectId === project.id);
  });
}
