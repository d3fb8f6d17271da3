// Bundle-size entry: the core client and one generated endpoint, imported from its module.
import { Gitlab } from "../../src/index.js";
import { getApiV4ProjectsId } from "../../generated/endpoints/projects.js";

export async function main(url: string, token: string): Promise<string> {
  const gl = new Gitlab({ url, privateToken: token });
  const project = await getApiV4ProjectsId(gl, { path: { id: 1 } });
  return project.path_with_namespace ?? "";
}
