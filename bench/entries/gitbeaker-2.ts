// Type-checking consumer: two gitbeaker calls.
import { Gitlab } from "@gitbeaker/rest";

export async function main(url: string, token: string): Promise<string> {
  const api = new Gitlab({ host: url, token });
  const project = await api.Projects.show(1);
  const issue = await api.Issues.create(1, "Bench");
  return `${project.path_with_namespace} ${issue.iid}`;
}
