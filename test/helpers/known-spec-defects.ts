// Where the simulator follows GitLab and GitLab's OpenAPI description (patched by openapi/fixes.yaml)
// does not: mismatches the shape check lets through, each with the GitLab source that shows the
// simulator is right. These are defects of the generated types (issue 10), to be fixed in openapi/,
// never by making the simulator lie; an entry goes once the schemas say what GitLab sends.

import { loadResponseSchemas } from "../../src/response-check/schemas.js";
import stricter from "./stricter-types.json" with { type: "json" };
import type { ShapeMismatch } from "../../src/simulator/index.js";

interface KnownDefect {
  readonly matches: (mismatch: ShapeMismatch) => boolean;
  readonly source: string;
}

/**
 * Whether the schemas carry GitLab's nulls yet. The description has no `nullable` anywhere; once the
 * evidence-backed corrections (issue 10) give the schemas `nullable`, the two blanket allowances below
 * switch off by themselves and every null and array the simulator sends is held to the schemas.
 */
const schemasHaveNulls = JSON.stringify(loadResponseSchemas()).includes('"nullable":true');

const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    matches: (m) => !schemasHaveNulls && m.kind === "type" && m.received === "null",
    source:
      "GitLab sends null for unset fields (milestone, closed_by, merged_at, avatar_url…): GitLab's " +
      'response schemas type them ["…", "null"] (spec/fixtures/api/schemas/public_api/v4/*.json); ' +
      "the description declares no nullable (issue 10).",
  },
  {
    matches: (m) =>
      !schemasHaveNulls &&
      m.kind === "type" &&
      m.received === "array" &&
      /\(object\)$/.test(m.expected),
    source:
      "assignees, reviewers and other has-many entities are arrays in GitLab (`expose … using:` over an " +
      "association; merge_request.json, issue.json type them array); the description drops is_array.",
  },
  {
    matches: (m) => m.operationId === "getApiV4Projects" && m.kind === "undeclared",
    source:
      "GET /projects presents Entities::ProjectWithAccess to a signed-in user and BasicProjectDetails only " +
      "with simple=true or anonymously (lib/api/projects.rb, present_projects); the description names " +
      "only BasicProjectDetails.",
  },
  {
    matches: (m) =>
      m.path.endsWith(".compliance_frameworks") &&
      m.expected === "string" &&
      m.received === "array",
    source:
      'compliance_frameworks is a list of names: GitLab\'s docs, doc/api/projects.md "Retrieve a project": ' +
      '"compliance_frameworks": ["sox"].',
  },
  {
    matches: (m) =>
      m.path.endsWith(".parent_id") && m.expected === "string" && m.received === "integer",
    source:
      "A group's parent_id is the parent namespace's integer id (lib/api/entities/group.rb: expose " +
      ":parent_id; db/structure.sql namespaces.parent_id bigint).",
  },
  {
    matches: (m) =>
      /^getApiV4Users?(Id)?$/.test(m.operationId) &&
      ((/\.(followers|following)$/.test(m.path) && m.received === "integer") ||
        (m.path.endsWith(".is_followed") && m.received === "boolean")),
    source:
      "followers and following are counts, is_followed a boolean (lib/api/entities/user.rb: " +
      "user.followers.size; current_user.following?(user)); the description leaves them untyped (string).",
  },
  {
    matches: (m) =>
      m.operationId === "getApiV4User" &&
      m.kind === "undeclared" &&
      /\.(is_admin|namespace_id|note|email|commit_email)$/.test(m.path),
    source:
      "GET /user presents Entities::UserWithAdmin to an administrator (lib/api/users.rb: `if " +
      "current_user.admin?`), which adds is_admin, note and namespace_id; the description names only " +
      "UserPublic. The simulator's root is an administrator.",
  },
  {
    matches: (m) =>
      stricter.defects.some(
        (d) => d.operationId === m.operationId && d.kind === m.kind && d.path === m.path,
      ),
    source: stricter["//"],
  },
];

/** The mismatches that are not known defects of the description: the simulator's own drift. */
export function simulatorDrift(mismatches: readonly ShapeMismatch[]): ShapeMismatch[] {
  return mismatches.filter((m) => !KNOWN_DEFECTS.some((defect) => defect.matches(m)));
}
