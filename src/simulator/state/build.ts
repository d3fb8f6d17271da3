import type { SeedProject, SimulatorOptions } from "../types.js";
import type { ResolvedSeed } from "../seed/load.js";
import { generateIssues, generateMergeRequests, generatePipelines } from "./generate.js";
import type { Event, Group, Namespace, Project, User } from "./model.js";
import { ProjectStore } from "./projects.js";
import { SimState } from "./state.js";
import { SECOND, seedTime } from "./time.js";

/** Builds the world from a seed. Throws on dangling references so a bad seed file fails at start. */
export function buildState(seed: ResolvedSeed, extraTokens: SimulatorOptions["tokens"]): SimState {
  const users = seed.users.map((user): User => ({
    id: user.id,
    username: user.username,
    name: user.name ?? user.username,
    email: user.email ?? `${user.username}@example.com`,
    admin: user.admin ?? false,
    state: user.state ?? "active",
    createdAt: seedTime(user.id * SECOND),
  }));
  const groups = buildGroups(seed);
  const namespaceOf = (fullPath: string): Namespace => {
    const group = [...groups.values()].find((g) => g.fullPath === fullPath);
    if (group) return groupNamespace(group);
    const user = users.find((u) => u.username === fullPath);
    if (!user)
      throw new Error(`Simulator seed: namespace "${fullPath}" is neither a group nor a user`);
    return {
      id: 1000 + user.id,
      name: user.name,
      path: user.username,
      kind: "user",
      fullPath,
      parentId: null,
    };
  };
  const admin = users.find((user) => user.admin) ?? users[0];
  if (!admin) throw new Error("Simulator seed: at least one user is required");

  const projects = seed.projects.map((spec) => buildProject(spec, namespaceOf, users, admin));
  const synthetic = seed.syntheticProjects;
  const store = new ProjectStore(
    projects,
    synthetic && synthetic.count > 0
      ? {
          start: Math.max(0, ...projects.map((p) => p.id)) + 1,
          count: synthetic.count,
          namespace: namespaceOf(synthetic.namespace ?? "bench"),
          creatorId: admin.id,
        }
      : undefined,
  );
  // Distinct id ranges per kind, so a test that mixes up an id and an iid fails.
  const counters = {
    issue: 101,
    mergeRequest: 1001,
    pipeline: 2001,
    job: 5001,
    event: 1,
    upload: 1,
  };
  const state = new SimState(store, counters, seed.version, seed.maxOffset);
  for (const user of users) state.users.set(user.id, user);
  for (const group of groups.values()) state.groups.set(group.id, group);
  for (const token of seed.tokens) {
    if (!state.users.has(token.userId))
      throw new Error(`Simulator seed: token owner ${token.userId} is not a user`);
    state.tokens.set(token.token, { ...token, revoked: token.revoked ?? false });
  }
  for (const kind of ["private", "oauth", "job"] as const) {
    for (const token of extraTokens?.[kind] ?? [])
      state.tokens.set(token, { token, kind, userId: admin.id, revoked: false });
  }

  const userIds = users.map((user) => user.id);
  for (const [index, spec] of seed.projects.entries()) {
    const project = projects[index] as Project;
    const data = state.dataOf(project.id);
    data.branches = [project.defaultBranch, "develop"];
    data.issues = generateIssues(project, spec.issues ?? 0, userIds, counters);
    data.mergeRequests = generateMergeRequests(project, spec.mergeRequests ?? 0, userIds, counters);
    const { pipelines, jobs } = generatePipelines(
      project,
      spec.pipelines ?? 0,
      spec.artifactBytes ?? 1024,
      counters,
    );
    data.pipelines = pipelines;
    data.jobs = jobs;
    for (const [path, content] of Object.entries(spec.files ?? {})) {
      data.files.set(
        path,
        typeof content === "string" ? Buffer.from(content) : Buffer.from(content.base64, "base64"),
      );
    }
  }
  state.events.push(...seedEvents(state, projects, counters));
  return state;
}

function buildGroups(seed: ResolvedSeed): Map<number, Group> {
  const specs = new Map(seed.groups.map((group) => [group.id, group]));
  const groups = new Map<number, Group>();
  const resolve = (id: number, depth: number): Group => {
    const done = groups.get(id);
    if (done) return done;
    const spec = specs.get(id);
    if (!spec || depth > 20)
      throw new Error(`Simulator seed: group ${id} is missing or its parents loop`);
    const parent = spec.parentId === undefined ? undefined : resolve(spec.parentId, depth + 1);
    const name = spec.name ?? spec.path;
    const group: Group = {
      id,
      name,
      path: spec.path,
      fullPath: parent ? `${parent.fullPath}/${spec.path}` : spec.path,
      fullName: parent ? `${parent.fullName} / ${name}` : name,
      parentId: parent?.id ?? null,
      visibility: spec.visibility ?? "public",
      description: spec.description ?? "",
      createdAt: seedTime(id * SECOND),
    };
    groups.set(id, group);
    return group;
  };
  for (const id of specs.keys()) resolve(id, 0);
  return groups;
}

export function groupNamespace(group: Group): Namespace {
  return {
    id: group.id,
    name: group.name,
    path: group.path,
    kind: "group",
    fullPath: group.fullPath,
    parentId: group.parentId,
  };
}

function buildProject(
  spec: SeedProject,
  namespaceOf: (fullPath: string) => Namespace,
  users: readonly User[],
  admin: User,
): Project {
  const namespace = namespaceOf(spec.namespace);
  const owner =
    namespace.kind === "user" ? users.find((user) => user.username === namespace.path) : undefined;
  const createdAt = seedTime(spec.id * SECOND);
  return {
    id: spec.id,
    name: spec.name ?? spec.path,
    path: spec.path,
    namespace,
    visibility: spec.visibility ?? "private",
    description: spec.description ?? "",
    defaultBranch: spec.defaultBranch ?? "main",
    createdAt,
    lastActivityAt: createdAt,
    creatorId: (owner ?? admin).id,
    members: spec.members ?? [],
  };
}

/** An "opened" event for every seeded issue and merge request, ids in time order. */
function seedEvents(
  state: SimState,
  projects: readonly Project[],
  counters: { event: number },
): Event[] {
  const events: Omit<Event, "id">[] = [];
  for (const project of projects) {
    const data = state.dataOf(project.id);
    for (const issue of data.issues) {
      events.push({
        projectId: project.id,
        authorId: issue.authorId,
        actionName: "opened",
        targetType: "Issue",
        targetId: issue.id,
        targetIid: issue.iid,
        targetTitle: issue.title,
        createdAt: issue.createdAt,
      });
    }
    for (const mr of data.mergeRequests) {
      events.push({
        projectId: project.id,
        authorId: mr.authorId,
        actionName: "opened",
        targetType: "MergeRequest",
        targetId: mr.id,
        targetIid: mr.iid,
        targetTitle: mr.title,
        createdAt: mr.createdAt,
      });
    }
  }
  events.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.targetId - b.targetId);
  return events.map((event) => ({ ...event, id: counters.event++ }));
}
