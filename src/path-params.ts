import { defaultPathSerializer } from "openapi-fetch";
import { GitlabOptionError } from "./errors.js";

/**
 * Fill a path template (`/api/v4/projects/{id}`) the same way for every typed door: each parameter
 * present, a string or a finite number, not empty, no `.`/`..` segment and no control character,
 * then encoded as one segment (openapi-fetch's serializer: `group/sub` → `group%2Fsub`).
 */
export function fillPath(template: string, params: Record<string, unknown>, label: string): string {
  for (const [, name] of template.matchAll(/\{([^}]+)\}/g)) {
    checkPathParam(template, label, name!, params[name!]);
  }
  return defaultPathSerializer(template, params);
}

function checkPathParam(template: string, label: string, name: string, value: unknown): void {
  const option = `path.${name}`;
  if (value === undefined || value === null) {
    throw new GitlabOptionError(option, `${label} needs it for ${template}`);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new GitlabOptionError(option, `expected a finite number, got ${value}`);
    return;
  }
  if (typeof value !== "string")
    throw new GitlabOptionError(option, `expected a string or number, got ${typeof value}`);
  if (value === "") throw new GitlabOptionError(option, "is empty");
  // Encoding makes these one segment on the wire, but a proxy or GitLab decoding %2F could walk out of the route.
  if (value.split("/").some((segment) => segment === ".." || segment === ".")) {
    throw new GitlabOptionError(
      option,
      `contains a "." or ".." path segment: ${JSON.stringify(value)}`,
    );
  }
  if (/\p{Cc}/u.test(value)) throw new GitlabOptionError(option, "contains a control character");
}
