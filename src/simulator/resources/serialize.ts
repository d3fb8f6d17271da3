import { createHash } from "node:crypto";
import type {
  Event,
  Group,
  Issue,
  Job,
  MergeRequest,
  Namespace,
  Pipeline,
  Project,
  User,
} from "../state/model.js";
import type { SimState } from "../state/state.js";

/** Field shapes follow GitLab's API entities (API::Entities::*), trimmed of rarely used fields. */

function avatarUrl(email: string): string {
  const hash = createHash("md5").update(email.toLowerCase()).digest("hex");
  return `https://www.gravatar.com/avatar/${hash}?s=80&d=identicon`;
}

export function userBasic(user: User, base: string) {
  return {
    id: user.id,
    username: user.username,
    public_email: null,
    name: user.name,
    state: user.state,
    locked: false,
    avatar_url: avatarUrl(user.email),
    web_url: `${base}/${user.username}`,
  };
}

export function userDetail(user: User, base: string) {
  return {
    ...userBasic(user, base),
    created_at: user.createdAt,
    bio: "",
    location: "",
    linkedin: "",
    twitter: "",
    discord: "",
    website_url: "",
    organization: "",
    job_title: "",
    pronouns: null,
    bot: false,
    work_information: null,
    followers: 0,
    following: 0,
    is_followed: false,
    local_time: null,
  };
}

/** `GET /user`: the token owner sees private fields too. */
export function userSelf(user: User, base: string) {
  return {
    ...userDetail(user, base),
    last_sign_in_at: user.createdAt,
    confirmed_at: user.createdAt,
    last_activity_on: user.createdAt.slice(0, 10),
    email: user.email,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: user.createdAt,
    identities: [],
    can_create_group: true,
    can_create_project: true,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
    commit_email: user.email,
    is_admin: user.admin,
    namespace_id: 1000 + user.id,
  };
}

export function groupJson(group: Group, base: string) {
  return {
    id: group.id,
    web_url: `${base}/groups/${group.fullPath}`,
    name: group.name,
    path: group.path,
    description: group.description,
    visibility: group.visibility,
    share_with_group_lock: false,
    require_two_factor_authentication: false,
    two_factor_grace_period: 48,
    project_creation_level: "developer",
    auto_devops_enabled: null,
    subgroup_creation_level: "maintainer",
    emails_disabled: false,
    emails_enabled: true,
    mentions_disabled: null,
    lfs_enabled: true,
    default_branch: null,
    default_branch_protection: 2,
    avatar_url: null,
    request_access_enabled: true,
    full_name: group.fullName,
    full_path: group.fullPath,
    created_at: group.createdAt,
    parent_id: group.parentId,
    organization_id: 1,
    shared_runners_setting: "enabled",
    ldap_cn: null,
    ldap_access: null,
    marked_for_deletion_on: null,
    wiki_access_level: "enabled",
  };
}

function namespaceJson(namespace: Namespace, base: string) {
  return {
    id: namespace.id,
    name: namespace.name,
    path: namespace.path,
    kind: namespace.kind,
    full_path: namespace.fullPath,
    parent_id: namespace.parentId,
    avatar_url: null,
    web_url:
      namespace.kind === "group"
        ? `${base}/groups/${namespace.fullPath}`
        : `${base}/${namespace.fullPath}`,
  };
}

/** `simple=true`: the reduced project shape GitLab returns for that flag. */
export function projectSimple(project: Project, base: string) {
  const fullPath = `${project.namespace.fullPath}/${project.path}`;
  const host = base.replace(/^https?:\/\//, "");
  return {
    id: project.id,
    description: project.description,
    name: project.name,
    name_with_namespace: `${project.namespace.name} / ${project.name}`,
    path: project.path,
    path_with_namespace: fullPath,
    created_at: project.createdAt,
    default_branch: project.defaultBranch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@${host.replace(/:\d+$/, "")}:${fullPath}.git`,
    http_url_to_repo: `${base}/${fullPath}.git`,
    web_url: `${base}/${fullPath}`,
    readme_url: `${base}/${fullPath}/-/blob/${project.defaultBranch}/README.md`,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: project.lastActivityAt,
    visibility: project.visibility,
    namespace: namespaceJson(project.namespace, base),
  };
}

/**
 * The project fields that never vary, serialized once: building the full entity as an object per
 * item made page serving dominate the pagination benchmark.
 */
const PROJECT_CONSTANT_FIELDS = JSON.stringify({
  packages_enabled: true,
  empty_repo: false,
  archived: false,
  resolve_outdated_diff_discussions: false,
  container_registry_enabled: true,
  issues_enabled: true,
  merge_requests_enabled: true,
  wiki_enabled: true,
  jobs_enabled: true,
  snippets_enabled: true,
  issues_access_level: "enabled",
  repository_access_level: "enabled",
  merge_requests_access_level: "enabled",
  builds_access_level: "enabled",
  wiki_access_level: "enabled",
  shared_runners_enabled: true,
  lfs_enabled: true,
  import_status: "none",
  ci_default_git_depth: 20,
  public_jobs: true,
  build_timeout: 3600,
  auto_cancel_pending_pipelines: "enabled",
  ci_config_path: null,
  shared_with_groups: [],
  only_allow_merge_if_pipeline_succeeds: false,
  request_access_enabled: true,
  only_allow_merge_if_all_discussions_are_resolved: false,
  remove_source_branch_after_merge: true,
  printing_merge_request_link_enabled: true,
  merge_method: "merge",
  squash_option: "default_off",
  autoclose_referenced_issues: true,
  suggestion_commit_message: null,
  marked_for_deletion_on: null,
  compliance_frameworks: [],
  // Exposed by GitLab's Entities::Project to every signed-in reader, with a new project's defaults
  // (doc/api/projects.md "Retrieve a project"; lib/api/entities/project.rb).
  can_create_merge_request_in: true,
  container_registry_access_level: "enabled",
  security_and_compliance_access_level: "private",
  import_url: null,
  import_type: null,
  import_error: null,
  license_url: null,
  group_runners_enabled: true,
  ci_forward_deployment_enabled: true,
  ci_forward_deployment_rollback_allowed: true,
  ci_allow_fork_pipelines_to_run_in_parent_project: true,
  ci_id_token_sub_claim_components: ["project_path", "ref_type"],
  ci_separated_caches: true,
  ci_restrict_pipeline_cancellation_role: "developer",
  ci_pipeline_variables_minimum_override_role: "developer",
  ci_push_repository_for_job_token_allowed: false,
  allow_merge_on_skipped_pipeline: null,
  allow_pipeline_trigger_approve_deployment: false,
  restrict_user_defined_variables: true,
  auto_devops_enabled: false,
  auto_devops_deploy_strategy: "continuous",
  enforce_auth_checks_on_uploads: true,
  merge_commit_template: null,
  squash_commit_template: null,
  issue_branch_template: null,
  warn_about_potentially_unwanted_characters: true,
  service_desk_enabled: false,
  service_desk_address: null,
  // EE (the simulator reports an -ee version): ee/lib/ee/api/entities/project.rb.
  mirror: false,
  mirror_trigger_builds: false,
  only_mirror_protected_branches: false,
  mirror_overwrites_diverged_branches: false,
  external_authorization_classification_label: null,
  marked_for_deletion_at: null,
  secret_push_protection_enabled: false,
}).slice(1, -1);

/**
 * What Entities::ProjectWithAccess adds to Entities::Project (GET /projects and /projects/:id; a
 * group's project list presents Entities::Project): the reader's own access. The simulator does not
 * model per-project access levels, so it answers as for an administrator who is not a member.
 */
const WITH_ACCESS_FIELDS = JSON.stringify({
  permissions: { project_access: null, group_access: null },
}).slice(1, -1);

/** GitLab renders the description's Markdown; a plain paragraph is what a one-line description gives. */
function descriptionHtml(description: string): string {
  if (description === "") return "";
  const escaped = description.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<p dir="auto">${escaped}</p>`;
}

/** The full project entity as JSON text; `withAccess` for Entities::ProjectWithAccess. */
export function projectJsonText(
  project: Project,
  base: string,
  openIssues: number,
  withAccess: boolean,
): string {
  const simple = projectSimple(project, base);
  const api = `${base}/api/v4/projects/${project.id}`;
  const varying = JSON.stringify({
    ...simple,
    container_registry_image_prefix: `registry.example.com/${simple.path_with_namespace}`,
    _links: {
      self: api,
      issues: `${api}/issues`,
      merge_requests: `${api}/merge_requests`,
      repo_branches: `${api}/repository/branches`,
      labels: `${api}/labels`,
      events: `${api}/events`,
      members: `${api}/members`,
      cluster_agents: `${api}/cluster_agents`,
    },
    creator_id: project.creatorId,
    open_issues_count: openIssues,
    description_html: descriptionHtml(project.description),
    updated_at: project.lastActivityAt,
  });
  const access = withAccess ? `,${WITH_ACCESS_FIELDS}` : "";
  return `${varying.slice(0, -1)},${PROJECT_CONSTANT_FIELDS}${access}}`;
}

export function issueJson(issue: Issue, project: Project, state: SimState, base: string) {
  const fullPath = `${project.namespace.fullPath}/${project.path}`;
  const api = `${base}/api/v4/projects/${project.id}`;
  const user = (id: number | null) => {
    const found = id === null ? undefined : state.users.get(id);
    return found ? userBasic(found, base) : null;
  };
  const assignees = issue.assigneeIds.map(user).filter((u) => u !== null);
  return {
    id: issue.id,
    iid: issue.iid,
    project_id: issue.projectId,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    closed_by: user(issue.closedById),
    labels: issue.labels,
    milestone: null,
    assignees,
    author: user(issue.authorId),
    type: "ISSUE",
    assignee: assignees[0] ?? null,
    user_notes_count: 0,
    merge_requests_count: 0,
    upvotes: 0,
    downvotes: 0,
    due_date: issue.dueDate,
    confidential: issue.confidential,
    discussion_locked: null,
    issue_type: "issue",
    web_url: `${base}/${fullPath}/-/issues/${issue.iid}`,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    task_completion_status: { count: 0, completed_count: 0 },
    has_tasks: false,
    _links: {
      self: `${api}/issues/${issue.iid}`,
      notes: `${api}/issues/${issue.iid}/notes`,
      award_emoji: `${api}/issues/${issue.iid}/award_emoji`,
      project: api,
      closed_as_duplicate_of: null,
    },
    references: {
      short: `#${issue.iid}`,
      relative: `#${issue.iid}`,
      full: `${fullPath}#${issue.iid}`,
    },
    severity: "UNKNOWN",
    moved_to_id: null,
    service_desk_reply_to: null,
  };
}

export function mergeRequestJson(
  mr: MergeRequest,
  project: Project,
  state: SimState,
  base: string,
) {
  const fullPath = `${project.namespace.fullPath}/${project.path}`;
  const author = state.users.get(mr.authorId);
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: mr.projectId,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merged_by: null,
    merge_user: null,
    merged_at: mr.mergedAt,
    closed_by: null,
    closed_at: mr.closedAt,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: 0,
    upvotes: 0,
    downvotes: 0,
    author: author ? userBasic(author, base) : null,
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: mr.projectId,
    target_project_id: mr.projectId,
    labels: [],
    draft: false,
    work_in_progress: false,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: "can_be_merged",
    detailed_merge_status: mr.state === "opened" ? "mergeable" : "not_open",
    sha: mr.sha,
    merge_commit_sha: mr.mergedAt ? mr.sha : null,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: true,
    reference: `!${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${fullPath}!${mr.iid}` },
    web_url: `${base}/${fullPath}/-/merge_requests/${mr.iid}`,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    squash: false,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
    // Entities::MergeRequestBasic (doc/api/merge_requests.md "List merge requests" example).
    imported: false,
    imported_from: "none",
    prepared_at: mr.createdAt,
    merge_after: null,
  };
}

export function pipelineJson(pipeline: Pipeline, project: Project, base: string) {
  const fullPath = `${project.namespace.fullPath}/${project.path}`;
  return {
    id: pipeline.id,
    iid: pipeline.iid,
    project_id: pipeline.projectId,
    sha: pipeline.sha,
    ref: pipeline.ref,
    status: pipeline.status,
    source: pipeline.source,
    created_at: pipeline.createdAt,
    updated_at: pipeline.updatedAt,
    web_url: `${base}/${fullPath}/-/pipelines/${pipeline.id}`,
  };
}

export function pipelineDetail(
  pipeline: Pipeline,
  project: Project,
  state: SimState,
  base: string,
) {
  const user = state.users.get(pipeline.userId);
  return {
    ...pipelineJson(pipeline, project, base),
    before_sha: "0000000000000000000000000000000000000000",
    tag: false,
    yaml_errors: null,
    user: user ? userBasic(user, base) : null,
    started_at: pipeline.createdAt,
    finished_at: pipeline.updatedAt,
    committed_at: null,
    duration: 600,
    queued_duration: 1,
    coverage: null,
    detailed_status: {
      icon: `status_${pipeline.status}`,
      text: pipeline.status,
      label: pipeline.status === "success" ? "passed" : pipeline.status,
      group: pipeline.status,
      tooltip: pipeline.status,
      has_details: true,
      details_path: `/${project.namespace.fullPath}/${project.path}/-/pipelines/${pipeline.id}`,
      illustration: null,
      favicon: `/assets/ci_favicons/favicon_status_${pipeline.status}.png`,
    },
  };
}

/**
 * GitLab's Entities::Commit, as a job carries it (spec/fixtures/api/schemas/public_api/v4/commit/basic.json
 * requires all but the trailers): the pipeline's commit, authored by whoever ran the pipeline.
 */
function commitJson(pipeline: Pipeline, author: User | undefined, projectUrl: string) {
  const title = `Commit ${pipeline.sha.slice(0, 8)}`;
  const name = author?.name ?? "Administrator";
  const email = author?.email ?? "admin@example.com";
  return {
    id: pipeline.sha,
    short_id: pipeline.sha.slice(0, 8),
    created_at: pipeline.createdAt,
    parent_ids: [],
    title,
    message: `${title}\n`,
    author_name: name,
    author_email: email,
    authored_date: pipeline.createdAt,
    committer_name: name,
    committer_email: email,
    committed_date: pipeline.createdAt,
    trailers: {},
    extended_trailers: {},
    web_url: `${projectUrl}/-/commit/${pipeline.sha}`,
  };
}

export function jobJson(
  job: Job,
  pipeline: Pipeline,
  project: Project,
  state: SimState,
  base: string,
) {
  const fullPath = `${project.namespace.fullPath}/${project.path}`;
  const user = state.users.get(job.userId);
  return {
    id: job.id,
    status: job.status,
    stage: job.stage,
    name: job.name,
    ref: pipeline.ref,
    tag: false,
    coverage: null,
    allow_failure: false,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
    erased_at: null,
    duration: job.duration,
    queued_duration: 0.5,
    user: user ? userBasic(user, base) : null,
    commit: commitJson(pipeline, user, `${base}/${fullPath}`),
    pipeline: pipelineJson(pipeline, project, base),
    failure_reason: job.status === "failed" ? "script_failure" : undefined,
    web_url: `${base}/${fullPath}/-/jobs/${job.id}`,
    project: { ci_job_token_scope_enabled: false },
    artifacts:
      job.artifactsSize === null
        ? []
        : [
            {
              file_type: "archive",
              size: job.artifactsSize,
              filename: "artifacts.zip",
              file_format: "zip",
            },
          ],
    artifacts_file:
      job.artifactsSize === null
        ? undefined
        : { filename: "artifacts.zip", size: job.artifactsSize },
    runner: null,
    artifacts_expire_at: null,
    archived: false,
    tag_list: [],
  };
}

export function eventJson(event: Event, state: SimState, base: string) {
  const author = state.users.get(event.authorId);
  return {
    id: event.id,
    project_id: event.projectId,
    action_name: event.actionName,
    target_id: event.targetId,
    target_iid: event.targetIid,
    target_type: event.targetType,
    author_id: event.authorId,
    target_title: event.targetTitle,
    created_at: event.createdAt,
    author: author ? userBasic(author, base) : null,
    imported: false,
    imported_from: "none",
    author_username: author?.username ?? null,
  };
}
