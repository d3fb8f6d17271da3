import { json, messageError } from "../http/response.js";
import { offsetArray } from "../pagination.js";
import type { RouteContext, Router } from "../router.js";
import type { Pipeline, Project } from "../state/model.js";
import { compareBy, findProject, intParam, sortOf } from "./lookup.js";
import { jobJson, pipelineDetail, pipelineJson } from "./serialize.js";

const notFound = () => messageError(404, "404 Not found");

export function findPipeline(ctx: RouteContext, project: Project, id: number): Pipeline {
  const pipeline = ctx.state.peek(project.id)?.pipelines.find((candidate) => candidate.id === id);
  if (!pipeline) throw notFound();
  return pipeline;
}

export function registerPipelines(router: Router): void {
  router.on("GET", "/projects/:id/pipelines", (ctx) => {
    const project = findProject(ctx);
    const ref = ctx.input.string("ref");
    const status = ctx.input.string("status");
    const orderBy =
      ctx.input.oneOf("order_by", ["id", "status", "ref", "updated_at", "user_id"] as const) ??
      "id";
    const key = (p: Pipeline) =>
      orderBy === "status"
        ? p.status
        : orderBy === "ref"
          ? p.ref
          : orderBy === "updated_at"
            ? p.updatedAt
            : orderBy === "user_id"
              ? p.userId
              : p.id;
    const pipelines = (ctx.state.peek(project.id)?.pipelines ?? [])
      .filter(
        (p) =>
          (ref === undefined || p.ref === ref) && (status === undefined || p.status === status),
      )
      .sort(compareBy(key, sortOf(ctx)));
    return offsetArray(ctx, pipelines, (p) => pipelineJson(p, project, ctx.externalUrl));
  });
  // Registered before `:pipeline_id`, which would otherwise take "latest". Not in GitLab's OpenAPI description.
  router.on("GET", "/projects/:id/pipelines/latest", (ctx) => {
    const project = findProject(ctx);
    const ref = ctx.input.string("ref") ?? project.defaultBranch;
    const latest = (ctx.state.peek(project.id)?.pipelines ?? [])
      .filter((p) => p.ref === ref)
      .reduce<Pipeline | undefined>((best, p) => (!best || p.id > best.id ? p : best), undefined);
    if (!latest) throw notFound();
    return json(200, pipelineDetail(latest, project, ctx.state, ctx.externalUrl));
  });
  router.on("GET", "/projects/:id/pipelines/:pipeline_id", (ctx) => {
    const project = findProject(ctx);
    const pipeline = findPipeline(ctx, project, intParam(ctx, "pipeline_id"));
    return json(200, pipelineDetail(pipeline, project, ctx.state, ctx.externalUrl));
  });
  router.on("GET", "/projects/:id/pipelines/:pipeline_id/jobs", (ctx) => {
    const project = findProject(ctx);
    const pipeline = findPipeline(ctx, project, intParam(ctx, "pipeline_id"));
    const jobs = (ctx.state.peek(project.id)?.jobs ?? []).filter(
      (job) => job.pipelineId === pipeline.id,
    );
    return offsetArray(ctx, jobs, (job) =>
      jobJson(job, pipeline, project, ctx.state, ctx.externalUrl),
    );
  });
}
