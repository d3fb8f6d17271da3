// Type-checking consumer: two typed path calls, with every path's types imported.
import { Gitlab } from "../../src/index.js";
import "../../src/paths.js";

export async function main(url: string, token: string): Promise<string> {
  const gl = new Gitlab({ url, privateToken: token });
  const { data: project } = await gl.GET("/api/v4/projects/{id}", { params: { path: { id: 1 } } });
  const { data: issue } = await gl.POST("/api/v4/projects/{id}/issues", {
    params: { path: { id: 1 } },
    body: { title: "Bench" },
  });
  return `${project?.path_with_namespace ?? ""} ${issue?.iid ?? ""}`;
}
