import assert from "node:assert/strict";
import { createServer } from "node:net";
import {
  getApiV4ProjectsId,
  postApiV4ProjectsIdIssues,
} from "../../generated/endpoints/projects.js";
import { getApiV4ProjectsIdMergeRequests } from "../../generated/endpoints/merge-requests.js";
import { Gitlab, type GitlabOptions, type RequestOptions } from "../../src/index.js";
import type { Simulator } from "../../src/simulator/index.js";
import "../../src/paths.js";
import { recordingLogger } from "../helpers/simulator.js";

export { recordingLogger };
export const ADMIN_TOKEN = "glpat-simulator-token";
export const PROJECT = "/api/v4/projects/1";
export const ISSUES = "/api/v4/projects/1/issues";

/** A client on the simulator, as root unless `options` brings its own auth. */
export function client(sim: Simulator, options: GitlabOptions = {}): Gitlab {
  const ownAuth = ["privateToken", "oauthToken", "jobToken"].some((key) => key in options);
  return new Gitlab({
    url: sim.url,
    ...(ownAuth ? {} : { privateToken: ADMIN_TOKEN }),
    logger: recordingLogger(),
    ...options,
  });
}

/** One way of calling GitLab; every fault is tried through each. */
export interface CallStyle {
  name: string;
  /** GET /projects/1, decoded. */
  getProject(gl: Gitlab, options?: RequestOptions): Promise<{ id?: number }>;
  /** POST /projects/1/issues. */
  createIssue(gl: Gitlab, title: string, options?: RequestOptions): Promise<{ title: string }>;
  /** Every merge request of project 2, following pagination. */
  listMergeRequests(
    gl: Gitlab,
    perPage: number,
    options?: RequestOptions & { prefetch?: number },
  ): Promise<Array<{ id?: number }>>;
}

export const STYLES: readonly CallStyle[] = [
  {
    name: "escape hatch",
    getProject: async (gl, options) =>
      (await gl.httpGet("/projects/1", options)) as { id?: number },
    createIssue: async (gl, title, options) =>
      (await gl.httpPost("/projects/1/issues", { ...options, postData: { title } })) as {
        title: string;
      },
    listMergeRequests: (gl, perPage, options) =>
      gl.httpList<{ id?: number }>("/projects/2/merge_requests", {
        ...options,
        getAll: true,
        perPage,
      }),
  },
  {
    name: "generated",
    getProject: (gl, options) => getApiV4ProjectsId(gl, { path: { id: 1 } }, options),
    createIssue: async (gl, title, options) =>
      (await postApiV4ProjectsIdIssues(gl, { path: { id: 1 }, body: { title } }, options)) as {
        title: string;
      },
    listMergeRequests: (gl, perPage, { prefetch, ...options } = {}) =>
      gl
        .paginate(
          getApiV4ProjectsIdMergeRequests,
          { path: { id: 2 } },
          { ...options, perPage, prefetch },
        )
        .all(),
  },
  {
    name: "typed path",
    getProject: async (gl, options) =>
      (await gl.GET("/api/v4/projects/{id}", { params: { path: { id: 1 } }, ...options })).data,
    createIssue: async (gl, title, options) => {
      const { data } = await gl.POST("/api/v4/projects/{id}/issues", {
        params: { path: { id: 1 } },
        body: { title },
        ...options,
      });
      return data as { title: string };
    },
    // Page by page, as a caller of gl.GET would: X-Next-Page until there is none.
    listMergeRequests: async (gl, perPage, { prefetch: _sequential, ...options } = {}) => {
      const items: Array<{ id?: number }> = [];
      for (let page: number | undefined = 1; page !== undefined;) {
        const { data, response }: { data: Array<{ id?: number }>; response: Response } =
          await gl.GET("/api/v4/projects/{id}/merge_requests", {
            params: { path: { id: 2 }, query: { page, per_page: perPage } },
            ...options,
          });
        items.push(...data);
        const next: string | null = response.headers.get("x-next-page");
        page = next ? Number(next) : undefined;
      }
      return items;
    },
  },
];

/**
 * The styles whose listings follow GitLab's pagination themselves (Link headers, empty pages,
 * fetch-ahead): gl.GET pages only as far as its caller does.
 */
export const PAGINATING_STYLES = STYLES.filter((style) => style.name !== "typed path");

/** A port on 127.0.0.1 with nothing listening. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once the simulator has logged `count` requests (bounded: fails after 10 s). */
export async function requestsArrived(sim: Simulator, count: number): Promise<void> {
  for (let waited = 0; sim.requests.length < count; waited += 5) {
    assert.ok(waited < 10_000, `expected ${count} requests, got ${sim.requests.length}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The rejection of `promise`, failing if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => assert.fail(`expected a rejection, got ${JSON.stringify(value)?.slice(0, 200)}`),
    (error: unknown) => error,
  );
}

/** Retry lines of a recording logger. */
export function retries(logger: { debugs: string[] }): string[] {
  return logger.debugs.filter((line) => line.startsWith("retrying"));
}
