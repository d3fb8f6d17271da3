// Bundle-size entry: gitbeaker for one call.
import { Gitlab } from "@gitbeaker/rest";

export async function main(url: string, token: string): Promise<string> {
  const api = new Gitlab({ host: url, token });
  const project = await api.Projects.show(1);
  return project.path_with_namespace;
}
