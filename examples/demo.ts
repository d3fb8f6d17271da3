// npm run demo: a tour of typed-gitlab in six steps, against the built-in GitLab simulator, or
// read-only against your GitLab when GITLAB_URL and a token (GITLAB_TOKEN) are set; DEMO_PROJECT
// then names the project to tour (default gitlab-org/gitlab).

import { getApiV4ProjectsId, getApiV4ProjectsIdMergeRequests } from "../generated/index.js";
import { Gitlab, GitlabHttpError, type GitlabLogger } from "../src/index.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";

/** The seeded project with 120 merge requests; on a real GitLab, DEMO_PROJECT or gitlab-org/gitlab. */
const SIMULATOR_PROJECT = "acme/platform/api";
const LIVE_PROJECT = process.env.DEMO_PROJECT ?? "gitlab-org/gitlab";
/** A real project may have tens of thousands of merge requests: the tour stops after a few pages. */
const MAX_MERGE_REQUESTS = 200;

// Debug lines are shown only while a step wants to show what the client does under the hood.
let showDebug = false;
const logger: GitlabLogger = {
  debug: (message) => {
    if (showDebug) console.log(`   [debug] ${message}`);
  },
  warn: (message) => console.log(`   [warning] ${message}`),
};

function section(title: string): void {
  console.log(`\n${title}`);
}

function show(line: string): void {
  console.log(`   ${line}`);
}

/** On a real GitLab a step may meet a 404 (no pipeline yet) or a 405: show it, go on with the tour. */
async function shownIfHttpError(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (!(error instanceof GitlabHttpError)) throw error;
    show(`→ GitlabHttpError ${error.responseCode}: ${error.errorMessage}`);
  }
}

async function main(): Promise<void> {
  const live =
    process.env.GITLAB_URL !== undefined &&
    [
      process.env.GITLAB_TOKEN,
      process.env.GITLAB_PRIVATE_TOKEN,
      process.env.GITLAB_OAUTH_TOKEN,
    ].some((token) => token !== undefined && token !== "");
  const sim: Simulator | undefined = live ? undefined : await startSimulator();
  try {
    const gl = sim
      ? new Gitlab({ url: sim.url, privateToken: "glpat-simulator-token", logger })
      : Gitlab.fromEnv({ logger });
    console.log(
      sim
        ? `typed-gitlab demo, against the built-in GitLab simulator at ${sim.url}`
        : `typed-gitlab demo, read-only against ${gl.url}`,
    );
    await tour(gl, sim ? SIMULATOR_PROJECT : LIVE_PROJECT, sim);
  } finally {
    await sim?.close();
  }
}

async function tour(gl: Gitlab, projectPath: string, sim: Simulator | undefined): Promise<void> {
  const id = encodeURIComponent(projectPath);

  section("1. A generated, typed call");
  show(`getApiV4ProjectsId(gl, { path: { id: "${projectPath}" } })`);
  const project = await getApiV4ProjectsId(gl, { path: { id: projectPath } });
  show(
    `→ #${project.id} ${project.path_with_namespace}: "${project.description ?? ""}", default branch ${project.default_branch ?? "none"}`,
  );

  section("2. Typed pagination over several pages");
  show(
    `gl.paginate(getApiV4ProjectsIdMergeRequests, { path: { id }, query: { state: "all" } }, { perPage: 20 })`,
  );
  const titles: string[] = [];
  let count = 0;
  for await (const mr of gl.paginate(
    getApiV4ProjectsIdMergeRequests,
    { path: { id: projectPath }, query: { state: "all" } },
    { perPage: 20 },
  )) {
    // `mr` is typed from the OpenAPI description: iid, title, state… are known to the compiler.
    if (titles.length < 3) titles.push(`!${mr.iid} ${mr.title} (${mr.state})`);
    if (++count === MAX_MERGE_REQUESTS) break;
  }
  for (const title of titles) show(title);
  show(
    `→ ${count} merge requests over ${Math.ceil(count / 20)} page${count > 20 ? "s" : ""}${count === MAX_MERGE_REQUESTS ? " (stopped early)" : ""}`,
  );

  section("3. httpList as a lazy iterator");
  show(`await gl.httpList("/projects/${id}/issues", { iterator: true, perPage: 4 })`);
  const issues = await gl.httpList<{ iid: number; title: string }>(`/projects/${id}/issues`, {
    iterator: true,
    perPage: 4,
  });
  show(
    `→ page ${issues.currentPage} of ${issues.totalPages ?? "?"}, ${issues.total ?? "?"} issues in all; only the first page is fetched so far`,
  );
  let read = 0;
  for await (const issue of issues) {
    if (++read === 6) {
      show(`→ 6 issues read (the last: #${issue.iid}); now on page ${issues.currentPage}`);
      break;
    }
  }

  section("4. httpRequest with OPTIONS and HEAD");
  await shownIfHttpError(async () => {
    const options = await gl.httpRequest({ verb: "OPTIONS", path: `/projects/${id}` });
    show(
      `OPTIONS /projects/${id} → ${options.status}, Allow: ${options.headers.get("allow") ?? "(none)"}`,
    );
  });
  const head = await gl.httpRequest({
    verb: "HEAD",
    path: `/projects/${id}/merge_requests`,
    queryParams: { state: "all", per_page: 1 },
  });
  show(
    `HEAD /projects/${id}/merge_requests → ${head.status}, X-Total: ${head.headers.get("x-total") ?? "(not sent)"}, no body`,
  );

  section("5. The escape hatch: any path, with auth, retries and errors handled");
  show(`await gl.httpGet("/projects/${id}/pipelines/latest")`);
  await shownIfHttpError(async () => {
    const pipeline = (await gl.httpGet(`/projects/${id}/pipelines/latest`)) as {
      id: number;
      status: string;
      ref: string;
    };
    show(`→ pipeline #${pipeline.id} on ${pipeline.ref}: ${pipeline.status}`);
  });
  if (sim) {
    // OAuth token introspection lives outside /api/v4 and GitLab's OpenAPI description: no generated
    // function exists for it, and an absolute URL on the configured origin still gets the auth.
    const oauth = new Gitlab({ url: sim.url, oauthToken: "simulator-oauth-token", logger });
    show("await gl.httpGet(`${gl.url}/oauth/token/info`)   (not in GitLab's OpenAPI description)");
    const info = (await oauth.httpGet(`${oauth.url}/oauth/token/info`)) as {
      resource_owner_id: number;
      scope: string[];
      expires_in: number;
    };
    show(
      `→ token of user #${info.resource_owner_id}, scopes ${info.scope.join(", ")}, ${info.expires_in} s left`,
    );
  }

  section("6. A 429 that is waited out and retried");
  if (!sim) {
    show("skipped: it needs the simulator to answer 429 on demand");
    return;
  }
  sim.inject({ kind: "rateLimit", retryAfter: 1, method: "GET", path: `/api/v4/projects/${id}` });
  show("the simulator will answer the next request with 429 and Retry-After: 1");
  const started = Date.now();
  showDebug = true;
  const again = await getApiV4ProjectsId(gl, { path: { id: projectPath } });
  showDebug = false;
  show(
    `→ ${again.path_with_namespace} after ${((Date.now() - started) / 1000).toFixed(1)} s, no error raised`,
  );
}

main().then(
  () => console.log("\nDone."),
  (error: unknown) => {
    console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
