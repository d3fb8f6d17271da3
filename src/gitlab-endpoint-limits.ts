// GitLab's documented per-endpoint rate limits, as GitLab.com applies them: the table behind
// `endpointLimits: "gitlab.com"`. Self-managed defaults differ (GitLab 18.0 sets the Projects,
// Groups and Users API limits to 0, i.e. off) and admins change them: pass your own table then.
// Each entry cites the documentation page it comes from (read December 2026).

import type { EndpointLimit } from "./endpoint-limits.js";

type DocumentedLimit = EndpointLimit & { readonly source: string };

const IMPORT_EXPORT = "https://docs.gitlab.com/administration/settings/import_export_rate_limits/";
const NOTES = "https://docs.gitlab.com/administration/settings/rate_limit_on_notes_creation/";
const NON_CONFIGURABLE = "https://docs.gitlab.com/rate_limits/non_configurable/";
const PROJECTS_API = "https://docs.gitlab.com/rate_limits/api/projects/";
const GROUPS_API = "https://docs.gitlab.com/administration/settings/rate_limit_on_groups_api/";
const USERS_API = "https://docs.gitlab.com/administration/settings/rate_limit_on_users_api/";
// The per-project archive limit (5 a minute per project and user) is described in GitLab's
// merge request adding the cross-project one.
const ARCHIVE = "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/270059";

const MINUTE = 60;

function perMinute(
  name: string,
  method: string,
  path: string,
  limit: number,
  source: string,
  per: "user" | "path" = "user",
): DocumentedLimit {
  return { name, method, path, limit, periodSeconds: MINUTE, per, source };
}

export const GITLAB_COM_ENDPOINT_LIMITS: readonly DocumentedLimit[] = [
  perMinute("project import", "POST", "/projects/import", 6, IMPORT_EXPORT),
  perMinute("project export", "POST", "/projects/:id/export", 6, IMPORT_EXPORT),
  perMinute("project export download", "GET", "/projects/:id/export/download", 1, IMPORT_EXPORT),
  perMinute("group import", "POST", "/groups/import", 6, IMPORT_EXPORT),
  perMinute("group export", "POST", "/groups/:id/export", 6, IMPORT_EXPORT),
  perMinute("group export download", "GET", "/groups/:id/export/download", 1, IMPORT_EXPORT),
  perMinute("note creation", "POST", "/projects/:id/issues/:iid/notes", 300, NOTES),
  perMinute("note creation", "POST", "/projects/:id/merge_requests/:iid/notes", 300, NOTES),
  perMinute("note creation", "POST", "/projects/:id/snippets/:id/notes", 300, NOTES),
  perMinute("note creation", "POST", "/groups/:id/epics/:id/notes", 300, NOTES),
  perMinute("repository archive", "GET", "/projects/:id/repository/archive*", 5, ARCHIVE, "path"),
  perMinute("changelog", "GET", "/projects/:id/repository/changelog", 5, NON_CONFIGURABLE, "path"),
  perMinute("changelog", "POST", "/projects/:id/repository/changelog", 5, NON_CONFIGURABLE, "path"),
  perMinute(
    "deployment deletion",
    "DELETE",
    "/projects/:id/deployments/:id",
    500,
    NON_CONFIGURABLE,
  ),
  {
    name: "project listing",
    method: "GET",
    path: "/projects",
    limit: 2000,
    periodSeconds: 10 * MINUTE,
    per: "user",
    source: PROJECTS_API,
  },
  {
    name: "project creation",
    method: "POST",
    path: "/projects",
    limit: 200,
    periodSeconds: 24 * 60 * MINUTE,
    per: "user",
    source: PROJECTS_API,
  },
  perMinute("single project", "GET", "/projects/:id", 400, PROJECTS_API),
  perMinute("user's projects", "GET", "/users/:id/projects", 300, PROJECTS_API),
  perMinute(
    "user's contributed projects",
    "GET",
    "/users/:id/contributed_projects",
    100,
    PROJECTS_API,
  ),
  perMinute("user's starred projects", "GET", "/users/:id/starred_projects", 100, PROJECTS_API),
  perMinute("group listing", "GET", "/groups", 200, GROUPS_API),
  perMinute("single group", "GET", "/groups/:id", 400, GROUPS_API),
  perMinute("group's projects", "GET", "/groups/:id/projects", 600, GROUPS_API),
  perMinute("group's invited groups", "GET", "/groups/:id/invited_groups", 60, GROUPS_API),
  perMinute("group archiving", "POST", "/groups/:id/archive", 60, GROUPS_API),
  perMinute("group members", "GET", "/groups/:id/members", 200, GROUPS_API, "path"),
  perMinute("user followers", "GET", "/users/:id/followers", 100, USERS_API),
  perMinute("user following", "GET", "/users/:id/following", 100, USERS_API),
  perMinute("user status", "GET", "/users/:id/status", 240, USERS_API),
  perMinute("user keys", "GET", "/users/:id/keys", 120, USERS_API),
  perMinute("user key", "GET", "/users/:id/keys/:key_id", 120, USERS_API),
  perMinute("user GPG keys", "GET", "/users/:id/gpg_keys", 120, USERS_API),
  perMinute("user GPG key", "GET", "/users/:id/gpg_keys/:key_id", 120, USERS_API),
];
