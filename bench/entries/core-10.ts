// Bundle-size entry and type-checking consumer: the core client and ten generated endpoints.
import { Gitlab } from "../../src/index.js";
import { getApiV4ProjectsIdJobs } from "../../generated/endpoints/ci-jobs.js";
import { getApiV4ProjectsIdRepositoryFilesFilePathRaw } from "../../generated/endpoints/files.js";
import { getApiV4Groups } from "../../generated/endpoints/groups.js";
import { getApiV4ProjectsIdMergeRequests } from "../../generated/endpoints/merge-requests.js";
import { getApiV4ProjectsIdPipelines } from "../../generated/endpoints/pipelines.js";
import {
  getApiV4Projects,
  getApiV4ProjectsId,
  getApiV4ProjectsIdIssues,
  postApiV4ProjectsIdIssues,
} from "../../generated/endpoints/projects.js";
import { getApiV4User } from "../../generated/endpoints/users.js";

export async function main(url: string, token: string): Promise<string[]> {
  const gl = new Gitlab({ url, privateToken: token });
  const id = "acme/website";
  const project = await getApiV4ProjectsId(gl, { path: { id } });
  const projects = await getApiV4Projects(gl, { query: { per_page: 5, visibility: "public" } });
  const issues = await getApiV4ProjectsIdIssues(gl, { path: { id }, query: { state: "opened" } });
  const created = await postApiV4ProjectsIdIssues(gl, { path: { id }, body: { title: "Bench" } });
  const mrs = await getApiV4ProjectsIdMergeRequests(gl, {
    path: { id },
    query: { state: "merged" },
  });
  const pipelines = await getApiV4ProjectsIdPipelines(gl, { path: { id }, query: { ref: "main" } });
  const me = await getApiV4User(gl);
  const groups = await getApiV4Groups(gl, { query: { search: "acme" } });
  const readme = await getApiV4ProjectsIdRepositoryFilesFilePathRaw(gl, {
    path: { id, file_path: "README.md" },
    query: { ref: "main" },
  });
  const jobs = await getApiV4ProjectsIdJobs(gl, { path: { id } });
  return [
    project.path_with_namespace ?? "",
    String(projects.length),
    String(issues.length),
    String(created.iid),
    String(mrs.length),
    String(pipelines.length),
    me.username ?? "",
    String(groups.length),
    String(readme.length),
    String(jobs.length),
  ];
}
