import { IdView } from "./id-view.js";
import type { Namespace, Project } from "./model.js";
import { SECOND, seedTime } from "./time.js";

export interface SyntheticRange {
  start: number;
  count: number;
  namespace: Namespace;
  creatorId: number;
}

/**
 * All projects: seeded and created ones are held in a map; synthetic ones are derived from their
 * id on demand, and only their deletions are remembered.
 */
export class ProjectStore {
  private readonly explicit = new Map<number, Project>();
  private readonly idsByPath = new Map<string, number>();
  private readonly deletedSynthetic = new Set<number>();
  private readonly syntheticPathPattern: RegExp | undefined;
  private nextId: number;

  constructor(
    projects: readonly Project[],
    readonly synthetic: SyntheticRange | undefined,
  ) {
    for (const project of projects) this.put(project);
    const seededMax = Math.max(0, ...projects.map((project) => project.id));
    this.nextId = synthetic ? synthetic.start + synthetic.count : seededMax + 1;
    this.syntheticPathPattern = synthetic
      ? new RegExp(`^${escapeRegExp(synthetic.namespace.fullPath.toLowerCase())}/project-(\\d+)$`)
      : undefined;
  }

  get(id: number): Project | undefined {
    return this.explicit.get(id) ?? (this.isLiveSynthetic(id) ? this.synthesize(id) : undefined);
  }

  /** Looks a project up by its full path, case-insensitively as GitLab does. */
  getByPath(fullPath: string): Project | undefined {
    const key = fullPath.toLowerCase();
    const id = this.idsByPath.get(key);
    if (id !== undefined) return this.explicit.get(id);
    const syntheticId = this.syntheticPathPattern?.exec(key)?.[1];
    return syntheticId === undefined ? undefined : this.get(Number(syntheticId));
  }

  /** True for a live project derived from its id (never created, updated or held in memory). */
  isSynthetic(id: number): boolean {
    return !this.explicit.has(id) && this.isLiveSynthetic(id);
  }

  add(fields: Omit<Project, "id">): Project {
    const project: Project = { ...fields, id: this.nextId++ };
    this.put(project);
    return project;
  }

  delete(id: number): void {
    const project = this.explicit.get(id);
    if (project) {
      this.explicit.delete(id);
      this.idsByPath.delete(fullPathOf(project).toLowerCase());
    } else if (this.isLiveSynthetic(id)) {
      this.deletedSynthetic.add(id);
    }
  }

  /**
   * The ids of the held projects passing `keep`, plus the synthetic ones unless `withSynthetic` is
   * false (they are public, so visible to all; only their namespace can rule them out).
   */
  view(keep: (project: Project) => boolean, withSynthetic = true): IdView {
    const start = this.synthetic?.start ?? Number.MAX_SAFE_INTEGER;
    const end = this.synthetic && withSynthetic ? start + this.synthetic.count : start;
    const ids = [...this.explicit.values()]
      .filter(keep)
      .map((project) => project.id)
      .sort((a, b) => a - b);
    const excluded = end > start ? [...this.deletedSynthetic].sort((a, b) => a - b) : [];
    return new IdView(
      ids.filter((id) => id < start),
      start,
      end,
      excluded,
      ids.filter((id) => id >= end),
    );
  }

  private put(project: Project): void {
    this.explicit.set(project.id, project);
    this.idsByPath.set(fullPathOf(project).toLowerCase(), project.id);
  }

  private isLiveSynthetic(id: number): boolean {
    const range = this.synthetic;
    return (
      range !== undefined &&
      Number.isInteger(id) &&
      id >= range.start &&
      id < range.start + range.count &&
      !this.deletedSynthetic.has(id)
    );
  }

  private synthesize(id: number): Project {
    const range = this.synthetic as SyntheticRange;
    const createdAt = seedTime(id * SECOND);
    return {
      id,
      name: `project-${id}`,
      path: `project-${id}`,
      namespace: range.namespace,
      visibility: "public",
      description: `Synthetic project ${id}`,
      defaultBranch: "main",
      createdAt,
      lastActivityAt: createdAt,
      creatorId: range.creatorId,
      members: [],
    };
  }
}

export function fullPathOf(project: Project): string {
  return `${project.namespace.fullPath}/${project.path}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
