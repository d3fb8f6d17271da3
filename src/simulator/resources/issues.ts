import { json, messageError, noContent, notFound, paramError } from "../http/response.js";
import type { SimResponse } from "../http/response.js";
import {
  decodeCursor,
  encodeCursor,
  isKeyset,
  keysetList,
  keysetUnavailable,
  offsetArray,
  perPageOf,
} from "../pagination.js";
import type { RouteContext, Router } from "../router.js";
import { canSeeProject } from "../state/access.js";
import type { Issue, Project } from "../state/model.js";
import { nowIso } from "../state/time.js";
import { compareBy, findProject, intParam, requireWrite, sortOf } from "./lookup.js";
import { issueJson } from "./serialize.js";

const ORDERS = ["created_at", "updated_at", "title", "id"] as const;
const UPDATABLE = [
  "title",
  "description",
  "labels",
  "add_labels",
  "remove_labels",
  "state_event",
  "assignee_ids",
  "confidential",
  "due_date",
] as const;

function filterIssues(ctx: RouteContext, issues: readonly Issue[]): Issue[] {
  const state = ctx.input.oneOf("state", ["opened", "closed", "all"] as const) ?? "all";
  const labels = ctx.input.list("labels");
  const search = ctx.input.string("search")?.toLowerCase();
  const authorId = ctx.input.int("author_id");
  const assigneeId = ctx.input.int("assignee_id");
  const iids = ctx.input.list("iids")?.map(Number);
  return issues.filter(
    (issue) =>
      (state === "all" || issue.state === state) &&
      (!labels || labels.every((label) => issue.labels.includes(label))) &&
      (!search || `${issue.title}\n${issue.description}`.toLowerCase().includes(search)) &&
      (authorId === undefined || issue.authorId === authorId) &&
      (assigneeId === undefined || issue.assigneeIds.includes(assigneeId)) &&
      (!iids || iids.includes(issue.iid)),
  );
}

function issueOrder(ctx: RouteContext): (a: Issue, b: Issue) => number {
  const orderBy = ctx.input.oneOf("order_by", ORDERS) ?? "created_at";
  const key = (issue: Issue) =>
    orderBy === "title"
      ? issue.title
      : orderBy === "updated_at"
        ? issue.updatedAt
        : orderBy === "id"
          ? issue.id
          : issue.createdAt;
  return compareBy(key, sortOf(ctx));
}

function listProjectIssues(ctx: RouteContext): SimResponse {
  const project = findProject(ctx);
  const issues = filterIssues(ctx, ctx.state.peek(project.id)?.issues ?? []).sort(issueOrder(ctx));
  const serialize = (issue: Issue) => issueJson(issue, project, ctx.state, ctx.externalUrl);
  if (!isKeyset(ctx)) return offsetArray(ctx, issues, serialize);
  // Keyset on created_at or id: both follow id order, as issues are numbered in creation order.
  const orderBy = ctx.input.string("order_by") ?? "created_at";
  if (orderBy !== "created_at" && orderBy !== "id") keysetUnavailable();
  const cursor = ctx.input.string("cursor");
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const asc = sortOf(ctx) === "asc";
  const rest =
    after === undefined
      ? issues
      : issues.filter((issue) => (asc ? issue.id > after : issue.id < after));
  const perPage = perPageOf(ctx.input);
  const page = rest.slice(0, perPage);
  const last = page[page.length - 1];
  const next =
    rest.length > perPage && last
      ? { set: { cursor: encodeCursor(last.id) }, remove: ["page"] }
      : undefined;
  return keysetList(
    ctx,
    page.map((issue) => JSON.stringify(serialize(issue))),
    next,
  );
}

/** `GET /issues`: across visible projects, scoped to the current user's issues by default. */
function listAllIssues(ctx: RouteContext): SimResponse {
  const user = ctx.user;
  const scope =
    ctx.input.oneOf("scope", ["created_by_me", "assigned_to_me", "all"] as const) ??
    "created_by_me";
  const found: { issue: Issue; project: Project }[] = [];
  for (const [projectId, data] of ctx.state.allData()) {
    const project = ctx.state.projects.get(projectId);
    if (!project || !canSeeProject(user, project)) continue;
    for (const issue of filterIssues(ctx, data.issues)) {
      if (scope === "created_by_me" && issue.authorId !== user?.id) continue;
      if (scope === "assigned_to_me" && (!user || !issue.assigneeIds.includes(user.id))) continue;
      found.push({ issue, project });
    }
  }
  const order = issueOrder(ctx);
  found.sort((a, b) => order(a.issue, b.issue));
  return offsetArray(ctx, found, ({ issue, project }) =>
    issueJson(issue, project, ctx.state, ctx.externalUrl),
  );
}

function findIssue(ctx: RouteContext, project: Project): Issue {
  const iid = intParam(ctx, "issue_iid");
  const issue = ctx.state.peek(project.id)?.issues.find((candidate) => candidate.iid === iid);
  if (!issue) throw notFound("Issue");
  return issue;
}

function labelsOf(ctx: RouteContext, name: string): string[] | undefined {
  return ctx.input.list(name);
}

function validateTitle(title: string | undefined): void {
  if (title !== undefined && title.trim() === "")
    throw messageError(400, { title: ["can't be blank"] });
  if (title !== undefined && title.length > 255) {
    throw messageError(400, { title: ["is too long (maximum is 255 characters)"] });
  }
}

function createIssue(ctx: RouteContext): SimResponse {
  const project = findProject(ctx);
  requireWrite(ctx, project);
  const title = ctx.input.string("title");
  if (title === undefined) throw paramError(400, "title is missing");
  validateTitle(title);
  const data = ctx.state.dataOf(project.id);
  const now = nowIso();
  const author = ctx.user?.id ?? project.creatorId;
  const issue: Issue = {
    id: ctx.state.counters.issue++,
    iid: Math.max(0, ...data.issues.map((existing) => existing.iid)) + 1,
    projectId: project.id,
    title,
    description: ctx.input.string("description") ?? "",
    state: "opened",
    labels: labelsOf(ctx, "labels") ?? [],
    authorId: author,
    assigneeIds: ctx.input.list("assignee_ids")?.map(Number) ?? [],
    confidential: ctx.input.bool("confidential") ?? false,
    dueDate: ctx.input.string("due_date") ?? null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedById: null,
  };
  data.issues.push(issue);
  ctx.state.events.push({
    id: ctx.state.counters.event++,
    projectId: project.id,
    authorId: author,
    actionName: "opened",
    targetType: "Issue",
    targetId: issue.id,
    targetIid: issue.iid,
    targetTitle: issue.title,
    createdAt: now,
  });
  return json(201, issueJson(issue, project, ctx.state, ctx.externalUrl));
}

function updateIssue(ctx: RouteContext): SimResponse {
  const project = findProject(ctx);
  const issue = findIssue(ctx, project);
  requireWrite(ctx, project);
  if (!UPDATABLE.some((name) => ctx.input.has(name) || ctx.input.has(`${name}[]`))) {
    throw paramError(
      400,
      `${UPDATABLE.join(", ")} are missing, at least one parameter must be provided`,
    );
  }
  const title = ctx.input.string("title");
  validateTitle(title);
  const now = nowIso();
  if (title !== undefined) issue.title = title;
  issue.description = ctx.input.string("description") ?? issue.description;
  issue.labels = labelsOf(ctx, "labels") ?? issue.labels;
  const add = labelsOf(ctx, "add_labels") ?? [];
  const remove = labelsOf(ctx, "remove_labels") ?? [];
  issue.labels = [...new Set([...issue.labels, ...add])].filter((label) => !remove.includes(label));
  issue.assigneeIds = ctx.input.list("assignee_ids")?.map(Number) ?? issue.assigneeIds;
  issue.confidential = ctx.input.bool("confidential") ?? issue.confidential;
  if (ctx.input.has("due_date")) issue.dueDate = ctx.input.string("due_date") || null;
  const stateEvent = ctx.input.oneOf("state_event", ["close", "reopen"] as const);
  if (stateEvent === "close" && issue.state === "opened") {
    Object.assign(issue, { state: "closed", closedAt: now, closedById: ctx.user?.id ?? null });
  } else if (stateEvent === "reopen" && issue.state === "closed") {
    Object.assign(issue, { state: "opened", closedAt: null, closedById: null });
  }
  issue.updatedAt = now;
  return json(200, issueJson(issue, project, ctx.state, ctx.externalUrl));
}

function deleteIssue(ctx: RouteContext): SimResponse {
  const project = findProject(ctx);
  const issue = findIssue(ctx, project);
  // Deleting an issue takes an owner; here: an administrator or the project's creator.
  if (!ctx.user || !(ctx.user.admin || ctx.user.id === project.creatorId))
    throw messageError(403, "403 Forbidden");
  const data = ctx.state.dataOf(project.id);
  data.issues = data.issues.filter((candidate) => candidate !== issue);
  return noContent();
}

export function registerIssues(router: Router): void {
  router.on("GET", "/issues", listAllIssues, { auth: true });
  router.on("GET", "/projects/:id/issues", listProjectIssues);
  router.on("POST", "/projects/:id/issues", createIssue);
  router.on("GET", "/projects/:id/issues/:issue_iid", (ctx) => {
    const project = findProject(ctx);
    return json(200, issueJson(findIssue(ctx, project), project, ctx.state, ctx.externalUrl));
  });
  router.on("PUT", "/projects/:id/issues/:issue_iid", updateIssue);
  router.on("DELETE", "/projects/:id/issues/:issue_iid", deleteIssue);
}
