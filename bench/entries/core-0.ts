// Bundle-size entry: the core client and the escape hatch, no generated endpoint.
import { Gitlab } from "../../src/index.js";

export async function main(url: string, token: string): Promise<unknown> {
  const gl = new Gitlab({ url, privateToken: token });
  return gl.httpGet("/projects/1");
}
