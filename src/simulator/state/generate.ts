import { createHash } from "node:crypto";
import type { SeedIssue } from "../types.js";
import type { Counters } from "./state.js";
import type { Issue, Job, MergeRequest, Pipeline, PipelineStatus, Project } from "./model.js";
import { HOUR, seedTime } from "./time.js";

/** A stable 40-hex commit id, the same for the same inputs on every run. */
export function sha(...parts: (string | number)[]): string {
  return createHash("sha1").update(parts.join(":")).digest("hex");
}

const ISSUE_TITLES = [
  "Login page times out behind the proxy",
  "Add dark mode to the dashboard",
  "Pagination skips the last item",
  "Upgrade Ruby to 3.3",
  "Document the release process",
  "Flaky test in the payments suite",
  "Support SSO with SAML",
];
const LABEL_SETS = [["bug"], ["feature"], ["bug", "critical"], []];

/** Issues with ids, authors, states and labels cycling deterministically over `iid`. */
export function generateIssues(
  project: Project,
  spec: number | readonly SeedIssue[],
  userIds: readonly number[],
  counters: Counters,
): Issue[] {
  const seeds: SeedIssue[] =
    typeof spec === "number"
      ? Array.from({ length: spec }, (_, i) => ({
          title: `${ISSUE_TITLES[i % ISSUE_TITLES.length]} (#${i + 1})`,
          state: (i + 1) % 4 === 0 ? "closed" : "opened",
          labels: LABEL_SETS[i % LABEL_SETS.length],
          authorId: userIds[i % userIds.length],
          assigneeIds: (i + 1) % 3 === 0 ? [userIds[1 % userIds.length] as number] : [],
        }))
      : [...spec];
  return seeds.map((seed, i) => {
    const id = counters.issue++;
    const createdAt = seedTime(id * HOUR);
    const closed = seed.state === "closed";
    return {
      id,
      iid: i + 1,
      projectId: project.id,
      title: seed.title,
      description: seed.description ?? `Details of “${seed.title}”.`,
      state: closed ? "closed" : "opened",
      labels: seed.labels ?? [],
      authorId: seed.authorId ?? project.creatorId,
      assigneeIds: seed.assigneeIds ?? [],
      confidential: false,
      dueDate: null,
      createdAt,
      updatedAt: closed ? seedTime(id * HOUR + HOUR / 2) : createdAt,
      closedAt: closed ? seedTime(id * HOUR + HOUR / 2) : null,
      closedById: closed ? (seed.authorId ?? project.creatorId) : null,
    };
  });
}

const MR_STATES = ["opened", "merged", "closed"] as const;

export function generateMergeRequests(
  project: Project,
  count: number,
  userIds: readonly number[],
  counters: Counters,
): MergeRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const id = counters.mergeRequest++;
    const iid = i + 1;
    const state = MR_STATES[i % MR_STATES.length] as MergeRequest["state"];
    const createdAt = seedTime(id * HOUR);
    const doneAt = seedTime(id * HOUR + HOUR / 4);
    return {
      id,
      iid,
      projectId: project.id,
      title: `Change ${iid}: ${ISSUE_TITLES[i % ISSUE_TITLES.length]}`,
      description: `Implements change ${iid}.`,
      state,
      sourceBranch: `feature/change-${iid}`,
      targetBranch: project.defaultBranch,
      authorId: userIds[i % userIds.length] as number,
      sha: sha(project.id, "mr", iid),
      createdAt,
      updatedAt: state === "opened" ? createdAt : doneAt,
      mergedAt: state === "merged" ? doneAt : null,
      closedAt: state === "closed" ? doneAt : null,
    };
  });
}

const JOB_PLAN = [
  { name: "build", stage: "build" },
  { name: "test", stage: "test" },
  { name: "lint", stage: "test" },
  { name: "deploy", stage: "deploy" },
] as const;

/** Pipelines (every 5th on `develop`, every 7th failed) with four jobs each; `build` keeps artifacts. */
export function generatePipelines(
  project: Project,
  count: number,
  artifactBytes: number,
  counters: Counters,
): { pipelines: Pipeline[]; jobs: Job[] } {
  const pipelines: Pipeline[] = [];
  const jobs: Job[] = [];
  for (let i = 0; i < count; i++) {
    const id = counters.pipeline++;
    const iid = i + 1;
    const status: PipelineStatus = iid % 7 === 0 ? "failed" : "success";
    const ref = iid % 5 === 0 ? "develop" : project.defaultBranch;
    const createdAt = seedTime(id * HOUR);
    pipelines.push({
      id,
      iid,
      projectId: project.id,
      ref,
      sha: sha(project.id, ref, iid),
      status,
      source: "push",
      userId: project.creatorId,
      createdAt,
      updatedAt: seedTime(id * HOUR + 600_000),
    });
    for (const [index, plan] of JOB_PLAN.entries()) {
      const jobStatus =
        status === "failed" && plan.name !== "build"
          ? plan.name === "test"
            ? "failed"
            : "skipped"
          : "success";
      const ran = jobStatus !== "skipped";
      jobs.push({
        id: counters.job++,
        projectId: project.id,
        pipelineId: id,
        name: plan.name,
        stage: plan.stage,
        status: jobStatus,
        userId: project.creatorId,
        createdAt,
        startedAt: seedTime(id * HOUR + index * 60_000),
        finishedAt: ran ? seedTime(id * HOUR + (index + 1) * 60_000) : null,
        duration: ran ? 60 : null,
        artifactsSize: plan.name === "build" ? artifactBytes : null,
      });
    }
  }
  return { pipelines, jobs };
}
