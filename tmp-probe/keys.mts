import { readFileSync } from "node:fs";
import { startSimulator } from "../src/simulator/index.js";
const sim = await startSimulator();
const H = { "PRIVATE-TOKEN": "glpat-simulator-token" };
const ex = (n: string) => JSON.parse(readFileSync(`/work/shared/gitlab-evidence/examples/${n}.json`, "utf8")).example;
const t = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
function cmp(path: string, g: any, s: any, out: string[]) {
  if (Array.isArray(g) && Array.isArray(s)) { if (g.length && s.length) cmp(path + "[]", g[0], s[0], out); return; }
  if (t(g) !== "object" || t(s) !== "object") { if (t(g) !== t(s) && t(g) !== "null" && t(s) !== "null") out.push(`type ${path}: gitlab ${t(g)} sim ${t(s)}`); return; }
  for (const k of Object.keys(g)) if (!(k in s)) out.push(`missing in sim ${path}.${k} (${t(g[k])})`); else cmp(`${path}.${k}`, g[k], s[k], out);
  for (const k of Object.keys(s)) if (!(k in g)) out.push(`extra in sim ${path}.${k}`);
}
for (const [name, url] of [["projects-get", "/projects/1"], ["merge-requests-list", "/projects/1/merge_requests"], ["pipelines-get", "/projects/1/pipelines/2001"], ["pipelines-list", "/projects/1/pipelines"], ["pipelines-latest", "/projects/1/pipelines/latest"]]) {
  const s = await (await fetch(`${sim.url}/api/v4${url}`, { headers: H })).json();
  const out: string[] = []; cmp("$", ex(name), s, out);
  console.log("==", name, out.length); for (const o of out) console.log("  ", o);
}
await sim.close();
