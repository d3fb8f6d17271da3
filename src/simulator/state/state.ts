import type { Event, Group, ProjectData, Token, User } from "./model.js";
import type { ProjectStore } from "./projects.js";

/** Next free ids of everything created after the seed. */
export interface Counters {
  issue: number;
  mergeRequest: number;
  pipeline: number;
  job: number;
  event: number;
  upload: number;
}

/** The simulator's whole mutable world; rebuilt from the seed on reset. */
export class SimState {
  readonly users = new Map<number, User>();
  readonly tokens = new Map<string, Token>();
  readonly groups = new Map<number, Group>();
  readonly events: Event[] = [];
  private readonly data = new Map<number, ProjectData>();

  constructor(
    readonly projects: ProjectStore,
    readonly counters: Counters,
    readonly version: string,
    readonly maxOffset: number | undefined,
  ) {}

  /** A project's data for reading; synthetic projects have none until written to. */
  peek(projectId: number): ProjectData | undefined {
    return this.data.get(projectId);
  }

  /** A project's data for writing, created empty when missing. */
  dataOf(projectId: number): ProjectData {
    let data = this.data.get(projectId);
    if (!data) {
      data = emptyProjectData();
      this.data.set(projectId, data);
    }
    return data;
  }

  /** Every project that has data, for instance-wide lists such as `GET /issues`. */
  allData(): [number, ProjectData][] {
    return [...this.data.entries()];
  }

  userByName(username: string): User | undefined {
    const wanted = username.toLowerCase();
    return [...this.users.values()].find((user) => user.username.toLowerCase() === wanted);
  }

  groupByPath(fullPath: string): Group | undefined {
    const wanted = fullPath.toLowerCase();
    return [...this.groups.values()].find((group) => group.fullPath.toLowerCase() === wanted);
  }
}

export function emptyProjectData(): ProjectData {
  return {
    issues: [],
    mergeRequests: [],
    pipelines: [],
    jobs: [],
    files: new Map(),
    branches: ["main"],
    uploads: [],
  };
}
