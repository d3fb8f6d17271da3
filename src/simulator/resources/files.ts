import { createHash } from "node:crypto";
import { json, messageError, paramError } from "../http/response.js";
import type { SimResponse } from "../http/response.js";
import type { RouteContext, Router } from "../router.js";
import { sha } from "../state/generate.js";
import { findProject } from "./lookup.js";

interface FoundFile {
  path: string;
  ref: string;
  content: Buffer;
  commitId: string;
}

/** `:file_path` arrives as one URL-encoded segment (`src%2Fapp.rb`) and is decoded by the router. */
function findFile(ctx: RouteContext, ref: string | undefined): FoundFile {
  const project = findProject(ctx);
  const resolvedRef = ref ?? project.defaultBranch;
  const data = ctx.state.peek(project.id);
  if (!data || !data.branches.includes(resolvedRef))
    throw messageError(404, "404 Commit Not Found");
  const path = ctx.params["file_path"] ?? "";
  const content = data.files.get(path);
  if (!content) throw messageError(404, "404 File Not Found");
  return { path, ref: resolvedRef, content, commitId: sha(project.id, resolvedRef) };
}

/** Header values must be Latin-1; other paths go percent-encoded. */
const headerSafe = (text: string) =>
  /^[\x20-\x7e]*$/.test(text) ? text : encodeURIComponent(text);

/** The X-Gitlab-* headers GitLab sends with file responses (what a HEAD request is for). */
function fileHeaders(file: FoundFile): Record<string, string> {
  const blobId = createHash("sha1")
    .update(`blob ${file.content.length}\0`)
    .update(file.content)
    .digest("hex");
  return {
    "X-Gitlab-Blob-Id": blobId,
    "X-Gitlab-Commit-Id": file.commitId,
    "X-Gitlab-Content-Sha256": createHash("sha256").update(file.content).digest("hex"),
    "X-Gitlab-Encoding": "base64",
    "X-Gitlab-File-Name": headerSafe(file.path.split("/").pop() ?? file.path),
    "X-Gitlab-File-Path": headerSafe(file.path),
    "X-Gitlab-Last-Commit-Id": file.commitId,
    "X-Gitlab-Ref": file.ref,
    "X-Gitlab-Size": String(file.content.length),
    "X-Gitlab-Execute-Filemode": "false",
  };
}

function fileJson(ctx: RouteContext): SimResponse {
  const ref = ctx.input.string("ref");
  if (ref === undefined) throw paramError(400, "ref is missing");
  const file = findFile(ctx, ref);
  const headers = fileHeaders(file);
  return json(
    200,
    {
      file_name: file.path.split("/").pop(),
      file_path: file.path,
      size: file.content.length,
      encoding: "base64",
      content_sha256: headers["X-Gitlab-Content-Sha256"],
      ref: file.ref,
      blob_id: headers["X-Gitlab-Blob-Id"],
      commit_id: file.commitId,
      last_commit_id: file.commitId,
      execute_filemode: false,
      content: file.content.toString("base64"),
    },
    headers,
  );
}

function fileRaw(ctx: RouteContext): SimResponse {
  const file = findFile(ctx, ctx.input.string("ref"));
  const binary = file.content.includes(0);
  return {
    status: 200,
    headers: {
      ...fileHeaders(file),
      "Content-Type": binary ? "application/octet-stream" : "text/plain; charset=utf-8",
      "Content-Disposition": `inline; filename="${encodeURIComponent(file.path.split("/").pop() ?? "")}"`,
    },
    body: file.content,
  };
}

export function registerFiles(router: Router): void {
  router.on("GET", "/projects/:id/repository/files/:file_path", fileJson);
  router.on("GET", "/projects/:id/repository/files/:file_path/raw", fileRaw);
}
