import type { TokenKind, Visibility } from "../types.js";

export interface User {
  id: number;
  username: string;
  name: string;
  email: string;
  admin: boolean;
  state: "active" | "blocked";
  createdAt: string;
}

export interface Token {
  token: string;
  kind: TokenKind;
  userId: number;
  revoked: boolean;
}

export interface Namespace {
  id: number;
  name: string;
  path: string;
  kind: "group" | "user";
  fullPath: string;
  parentId: number | null;
}

export interface Group {
  id: number;
  name: string;
  path: string;
  fullPath: string;
  fullName: string;
  parentId: number | null;
  visibility: Visibility;
  description: string;
  createdAt: string;
}

export interface Project {
  id: number;
  name: string;
  path: string;
  namespace: Namespace;
  visibility: Visibility;
  description: string;
  defaultBranch: string;
  createdAt: string;
  lastActivityAt: string;
  creatorId: number;
  members: readonly number[];
}

export interface Issue {
  id: number;
  iid: number;
  projectId: number;
  title: string;
  description: string;
  state: "opened" | "closed";
  labels: string[];
  authorId: number;
  assigneeIds: number[];
  confidential: boolean;
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedById: number | null;
}

export interface MergeRequest {
  id: number;
  iid: number;
  projectId: number;
  title: string;
  description: string;
  state: "opened" | "closed" | "merged";
  sourceBranch: string;
  targetBranch: string;
  authorId: number;
  sha: string;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
}

export type PipelineStatus = "success" | "failed" | "running" | "canceled" | "pending";

export interface Pipeline {
  id: number;
  iid: number;
  projectId: number;
  ref: string;
  sha: string;
  status: PipelineStatus;
  source: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
}

export interface Job {
  id: number;
  projectId: number;
  pipelineId: number;
  name: string;
  stage: string;
  status: PipelineStatus | "skipped";
  userId: number;
  createdAt: string;
  startedAt: string;
  finishedAt: string | null;
  duration: number | null;
  /** Size of the artifacts archive; null when the job kept none. */
  artifactsSize: number | null;
}

export interface Event {
  id: number;
  projectId: number;
  authorId: number;
  actionName: string;
  targetType: "Issue" | "MergeRequest";
  targetId: number;
  targetIid: number;
  targetTitle: string;
  createdAt: string;
}

export interface Upload {
  id: number;
  secret: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** What belongs to one project; synthetic projects get an empty one on first write. */
export interface ProjectData {
  issues: Issue[];
  mergeRequests: MergeRequest[];
  pipelines: Pipeline[];
  jobs: Job[];
  files: Map<string, Buffer>;
  branches: string[];
  uploads: Upload[];
}
