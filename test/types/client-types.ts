// Type checks of the public client, compiled (never run) by the test in endpoint-types.test.ts:
// a wrong type, or an @ts-expect-error that no longer errors, fails the test.

import {
  getApiV4ProjectsId,
  getApiV4ProjectsIdIssues,
} from "../../generated/endpoints/projects.js";
import type { components } from "../../generated/types/projects.js";
import type { Gitlab, GitlabResponse, GitlabStreamResponse } from "../../src/index.js";
import "../../src/paths.js";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type Schemas = components["schemas"];

export async function clientChecks(gl: Gitlab): Promise<void> {
  // The escape hatch returns what the caller says GitLab sends, without a cast.
  const version = await gl.httpGet<{ version: string }>("/version");
  version.version.toUpperCase();
  const _raw = await gl.httpGet("/version", { raw: true });
  type _Raw = Expect<Equal<typeof _raw, GitlabResponse>>;
  const _stream = await gl.httpGet("/projects/1/jobs/1/artifacts", { streamed: true });
  type _Stream = Expect<Equal<typeof _stream, GitlabStreamResponse>>;
  const created = await gl.httpPost<{ iid: number }>("/projects/1/issues", {
    postData: { title: "t" },
  });
  created.iid.toFixed();

  // Only list operations paginate.
  const _items = await gl.paginate(getApiV4ProjectsIdIssues, { path: { id: 1 } }).all();
  type _Items = Expect<Equal<typeof _items, Schemas["APIEntitiesIssue"][]>>;
  // @ts-expect-error one project is not a list
  gl.paginate(getApiV4ProjectsId, { path: { id: 1 } });

  // Typed path calls: data is there (errors throw), per-request options at the top level.
  const { data } = await gl.GET("/api/v4/projects/{id}", {
    params: { path: { id: "group/project" } },
    timeout: 1_000,
    retryTransientErrors: true,
    headers: { Sudo: "someone" },
  });
  const _id = data.id;
  const _text = await gl.GET("/api/v4/projects/{id}", {
    params: { path: { id: 1 } },
    parseAs: "text",
  });
  type _Text = Expect<Equal<typeof _text.data, string>>;
  const _streamed = await gl.GET("/api/v4/projects/{id}", {
    params: { path: { id: 1 } },
    parseAs: "stream",
  });
  type _Streamed = Expect<Equal<typeof _streamed.data, ReadableStream<Uint8Array>>>;
  gl.GET("/api/v4/projects/{id}", {
    params: { path: { id: 1 } },
    // @ts-expect-error a misspelt option is refused
    timout: 1_000,
  });
  // @ts-expect-error the path parameter is required
  gl.GET("/api/v4/projects/{id}", {});
  // @ts-expect-error no such path
  gl.GET("/api/v4/no-such-thing");
}
