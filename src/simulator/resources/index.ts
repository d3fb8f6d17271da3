import { Router } from "../router.js";
import { registerEvents } from "./events.js";
import { registerFiles } from "./files.js";
import { registerGroups } from "./groups.js";
import { registerIssues } from "./issues.js";
import { registerJobs } from "./jobs.js";
import { registerMergeRequests } from "./merge-requests.js";
import { registerMeta } from "./meta.js";
import { registerPipelines } from "./pipelines.js";
import { registerProjects } from "./projects.js";
import { registerUploads } from "./uploads.js";
import { registerUsers } from "./users.js";

/** Every GitLab route the simulator serves. */
export function createApiRouter(): Router {
  const router = new Router();
  registerMeta(router);
  registerUsers(router);
  registerGroups(router);
  registerProjects(router);
  registerIssues(router);
  registerMergeRequests(router);
  registerPipelines(router);
  registerJobs(router);
  registerFiles(router);
  registerUploads(router);
  registerEvents(router);
  return router;
}
