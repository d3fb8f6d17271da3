import { randomBytes } from "node:crypto";
import { json, paramError } from "../http/response.js";
import type { SimResponse } from "../http/response.js";
import type { Router } from "../router.js";
import type { SimState } from "../state/state.js";
import { findProject, requireWrite } from "./lookup.js";

const IMAGE = /\.(png|jpe?g|gif|svg|webp|bmp|ico)$/i;

export function registerUploads(router: Router): void {
  router.on("POST", "/projects/:id/uploads", (ctx) => {
    const project = findProject(ctx);
    requireWrite(ctx, project);
    const file = ctx.input.files.find((part) => part.name === "file");
    if (!file) throw paramError(400, "file is missing");
    const filename = (file.filename ?? "file").replace(/^.*[\\/]/, "") || "file";
    const secret = randomBytes(16).toString("hex");
    const id = ctx.state.counters.upload++;
    ctx.state.dataOf(project.id).uploads.push({
      id,
      secret,
      filename,
      contentType: file.contentType ?? "application/octet-stream",
      data: file.data,
    });
    const url = `/uploads/${secret}/${filename}`;
    const alt = filename.replace(/\.[^.]*$/, "");
    return json(201, {
      id,
      alt,
      url,
      full_path: `/-/project/${project.id}/uploads/${secret}/${filename}`,
      markdown: `${IMAGE.test(filename) ? "!" : ""}[${alt}](${url})`,
    });
  });
}

/** Serves `GET /-/project/:id/uploads/:secret/:filename` (outside the API), so an upload can be read back. */
export function serveUpload(state: SimState, rawPath: string): SimResponse | undefined {
  const match = /^\/-\/project\/(\d+)\/uploads\/([0-9a-f]+)\/([^/]+)$/.exec(rawPath);
  if (!match) return undefined;
  const upload = state
    .peek(Number(match[1]))
    ?.uploads.find((candidate) => candidate.secret === match[2]);
  if (!upload || upload.filename !== decodeURIComponentSafe(match[3] ?? "")) {
    return json(404, { message: "404 Not Found" });
  }
  return { status: 200, headers: { "Content-Type": upload.contentType }, body: upload.data };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
