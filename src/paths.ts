// `import "typed-gitlab/paths"` types `gl.GET(…)` and friends with every path of GitLab's API.
import type { paths } from "../generated/paths.js";

declare module "./path-client.js" {
  // Merging in the generated interface is the point; it adds no members of its own.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GitlabPaths extends paths {}
}

export type { paths };
