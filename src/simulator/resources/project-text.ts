import type { RouteContext } from "../router.js";
import type { Project } from "../state/model.js";
import type { SimState } from "../state/state.js";
import { projectJsonText, projectSimple } from "./serialize.js";

const SAMPLE_ID = 8765432109;
const SAMPLE_TIME = "2099-09-09T09:09:09.099Z";

/**
 * Synthetic projects differ only in their id and timestamp, so their JSON is rendered from a
 * template split at those two values: a page of 100 costs string concatenation, not 100
 * serializations, and the benchmark measures the client rather than the simulator.
 */
class ProjectTemplate {
  private readonly parts: string[] = [];
  private readonly slots: ("id" | "time")[] = [];

  constructor(sample: string) {
    let last = 0;
    for (const match of sample.matchAll(
      new RegExp(`${SAMPLE_ID}|${SAMPLE_TIME.replace(/\./g, "\\.")}`, "g"),
    )) {
      this.parts.push(sample.slice(last, match.index));
      this.slots.push(match[0] === SAMPLE_TIME ? "time" : "id");
      last = match.index + match[0].length;
    }
    this.parts.push(sample.slice(last));
  }

  render(project: Project): string {
    let text = this.parts[0] as string;
    for (let i = 0; i < this.slots.length; i++) {
      text +=
        (this.slots[i] === "time" ? project.createdAt : String(project.id)) +
        (this.parts[i + 1] as string);
    }
    return text;
  }
}

const templates = new WeakMap<SimState, Map<string, ProjectTemplate>>();

function templateFor(
  ctx: RouteContext,
  shape: string,
  sampleOf: (project: Project) => string,
): ProjectTemplate {
  let byShape = templates.get(ctx.state);
  if (!byShape) {
    byShape = new Map();
    templates.set(ctx.state, byShape);
  }
  const key = `${shape}:${ctx.externalUrl}`;
  let template = byShape.get(key);
  if (!template) {
    const range = ctx.state.projects.synthetic;
    if (!range) throw new Error("no synthetic projects");
    const sample = ctx.state.projects.get(range.start) as Project;
    template = new ProjectTemplate(
      sampleOf({
        ...sample,
        id: SAMPLE_ID,
        name: `project-${SAMPLE_ID}`,
        path: `project-${SAMPLE_ID}`,
        description: `Synthetic project ${SAMPLE_ID}`,
        createdAt: SAMPLE_TIME,
        lastActivityAt: SAMPLE_TIME,
      }),
    );
    byShape.set(key, template);
  }
  return template;
}

/**
 * A project's JSON text: GitLab's full entity (with the reader's access unless `withAccess` is false,
 * as in a group's project list), or the small one for `simple=true`.
 */
export function projectText(ctx: RouteContext, project: Project, withAccess = true): string {
  const simple = ctx.input.bool("simple") ?? false;
  const data = ctx.state.peek(project.id);
  const open = data?.issues.filter((issue) => issue.state === "opened").length ?? 0;
  const serialize = (p: Project) =>
    simple
      ? JSON.stringify(projectSimple(p, ctx.externalUrl))
      : projectJsonText(p, ctx.externalUrl, open, withAccess);
  if (!data && ctx.state.projects.isSynthetic(project.id)) {
    const shape = simple ? "simple" : withAccess ? "with-access" : "project";
    return templateFor(ctx, shape, serialize).render(project);
  }
  return serialize(project);
}
