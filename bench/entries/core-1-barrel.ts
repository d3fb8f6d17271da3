// Bundle-size entry: one endpoint imported through the barrel of all 1,864, to show unused ones cost nothing.
import { Gitlab } from "../../src/index.js";
import { getApiV4ProjectsId } from "../../generated/index.js";

export async function main(url: string, token: string): Promise<string> {
  const gl = new Gitlab({ url, privateToken: token });
  const project = await getApiV4ProjectsId(gl, { path: { id: 1 } });
  return project.path_with_namespace ?? "";
}
