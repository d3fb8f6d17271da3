import { json, notFound } from "../http/response.js";
import { offsetArray } from "../pagination.js";
import type { Router } from "../router.js";
import type { MergeRequest } from "../state/model.js";
import { compareBy, findProject, intParam, sortOf } from "./lookup.js";
import { mergeRequestJson } from "./serialize.js";

export function registerMergeRequests(router: Router): void {
  router.on("GET", "/projects/:id/merge_requests", (ctx) => {
    const project = findProject(ctx);
    const state =
      ctx.input.oneOf("state", ["opened", "closed", "merged", "locked", "all"] as const) ?? "all";
    const orderBy =
      ctx.input.oneOf("order_by", ["created_at", "updated_at", "title"] as const) ?? "created_at";
    const key = (mr: MergeRequest) =>
      orderBy === "title" ? mr.title : orderBy === "updated_at" ? mr.updatedAt : mr.createdAt;
    const mergeRequests = (ctx.state.peek(project.id)?.mergeRequests ?? [])
      .filter((mr) => state === "all" || mr.state === state)
      .sort(compareBy(key, sortOf(ctx)));
    return offsetArray(ctx, mergeRequests, (mr) =>
      mergeRequestJson(mr, project, ctx.state, ctx.externalUrl),
    );
  });
  router.on("GET", "/projects/:id/merge_requests/:merge_request_iid", (ctx) => {
    const project = findProject(ctx);
    const iid = intParam(ctx, "merge_request_iid");
    const mr = ctx.state.peek(project.id)?.mergeRequests.find((candidate) => candidate.iid === iid);
    if (!mr) throw notFound("Merge Request");
    return json(200, mergeRequestJson(mr, project, ctx.state, ctx.externalUrl));
  });
}
