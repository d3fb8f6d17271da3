// GitLab's description is generated from Grape routes, and some route syntax leaks into the path keys:
//   optional groups      /groups/{id}/(-/)epics         (Mustermann: the group may be absent)
//   literal parentheses  /nuget/v2/Packages(Id='{package_name}',Version='{package_version}')
//   literal suffixes     /charts/{file_name}.tgz, /@v/{module_version}.info
// Optional and literal parentheses share one syntax; we tell them apart by content: a group that starts
// with "/" or "." or ends with "/" adds or removes path structure, so it is an optional group; anything
// else (`()`, `(Id='…')`) is OData syntax that NuGet clients send literally.

export interface OptionalGroup {
  /** The group's text without the parentheses, e.g. `-/`. */
  readonly content: string;
  /** Whether the group holds a `{parameter}`. */
  readonly hasParameter: boolean;
}

interface Parsed {
  readonly groups: OptionalGroup[];
  /** The path with each optional group dropped (`without`) or kept without its parentheses (`with`). */
  render(choice: (group: OptionalGroup) => "with" | "without"): string;
}

function isOptionalContent(content: string): boolean {
  return content.length > 0 && (/^[/.]/.test(content) || content.endsWith("/"));
}

function matchingParen(path: string, open: number): number {
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    if (path[i] === "(") depth++;
    else if (path[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

function parse(path: string): Parsed {
  type Piece = string | { group: OptionalGroup; inner: Parsed };
  const pieces: Piece[] = [];
  const groups: OptionalGroup[] = [];
  let literalStart = 0;
  for (let i = 0; i < path.length; i++) {
    if (path[i] !== "(") continue;
    const close = matchingParen(path, i);
    if (close < 0) break;
    const content = path.slice(i + 1, close);
    if (!isOptionalContent(content)) {
      i = close;
      continue;
    }
    pieces.push(path.slice(literalStart, i));
    const inner = parse(content);
    const group = { content, hasParameter: /\{[^}]+\}/.test(content) };
    groups.push(group, ...inner.groups);
    pieces.push({ group, inner });
    literalStart = close + 1;
    i = close;
  }
  pieces.push(path.slice(literalStart));
  return {
    groups,
    render: (choice) =>
      pieces
        .map((piece) =>
          typeof piece === "string"
            ? piece
            : choice(piece.group) === "with"
              ? piece.inner.render(choice)
              : "",
        )
        .join(""),
  };
}

/** The optional Grape groups in a path template (empty for ordinary paths). */
export function optionalGroups(path: string): OptionalGroup[] {
  return parse(path).groups;
}

/**
 * Candidate concrete paths for a Grape template, preferred first. The first candidate drops every
 * optional group that holds no parameter (GitLab documents `/groups/:id/epics`, not `/-/epics`) and keeps
 * groups that hold one (the operation declares that parameter, so the path must carry it). The second
 * keeps every group; callers fall back to it only when the first collides with another operation.
 */
export function resolveOptionalGroups(path: string): string[] {
  const parsed = parse(path);
  if (parsed.groups.length === 0) return [path];
  const preferred = parsed.render((group) => (group.hasParameter ? "with" : "without"));
  const full = parsed.render(() => "with");
  return preferred === full ? [preferred] : [preferred, full];
}

/** Parentheses GitLab expects literally in the URL (NuGet's OData routes). */
export function hasLiteralParentheses(path: string): boolean {
  return /[()]/.test(resolveOptionalGroups(path)[0] ?? path);
}

/** A path segment where a parameter is followed by literal text, as in `{file_name}.tgz`. */
export function hasSuffixAfterParameter(path: string): boolean {
  return /\}[^/{]/.test(path);
}

/** `{name}` parameters of a template, in order. */
export function templateParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? "");
}
