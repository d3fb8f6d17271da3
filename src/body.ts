import { Readable } from "node:stream";
import { GitlabOptionError } from "./errors.js";

/** A file for a multipart upload: bytes, a Blob (e.g. from `fs.openAsBlob`), or bytes with a name and type. */
export type FileInput =
  | Blob
  | Uint8Array
  | string
  | { content: Blob | Uint8Array | string; filename?: string; contentType?: string };

export interface BodyInput {
  /** Sent as JSON; with `files`, sent as multipart form fields; with `raw`, sent as-is. */
  postData?: unknown;
  /** Field name → file: makes the request a multipart upload. */
  files?: Record<string, FileInput>;
  /** Send `postData` (bytes, string or stream) as-is, as `application/octet-stream` unless a header says otherwise. */
  raw?: boolean;
}

export interface EncodedBody {
  body?: Buffer | string | FormData | Readable;
  contentType?: string;
}

export function encodeBody({ postData, files, raw }: BodyInput): EncodedBody {
  if (files !== undefined) {
    if (raw) throw new GitlabOptionError("raw", "cannot be combined with files");
    return { body: multipart(postData, files) };
  }
  if (raw) {
    if (
      typeof postData === "string" ||
      postData instanceof Uint8Array ||
      postData instanceof Readable
    ) {
      return {
        body:
          postData instanceof Uint8Array
            ? Buffer.from(postData.buffer, postData.byteOffset, postData.byteLength)
            : postData,
        contentType: "application/octet-stream",
      };
    }
    throw new GitlabOptionError(
      "postData",
      "with raw: true, expected a string, bytes or a readable stream",
    );
  }
  if (postData === undefined) return {};
  return { body: JSON.stringify(postData), contentType: "application/json" };
}

function multipart(fields: unknown, files: Record<string, FileInput>): FormData {
  if (
    fields !== undefined &&
    (typeof fields !== "object" || fields === null || Array.isArray(fields))
  ) {
    throw new GitlabOptionError("postData", "with files, expected an object of form fields");
  }
  if (typeof files !== "object" || files === null)
    throw new GitlabOptionError("files", "expected an object");
  const form = toFormData((fields ?? {}) as Record<string, unknown>);
  for (const [field, file] of Object.entries(files)) appendFile(form, field, file);
  return form;
}

/** Form fields as Grape reads them (`key[]` arrays, `key[sub]` hashes); Blob and byte values become files. */
export function toFormData(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) appendField(form, key, value);
  return form;
}

function appendFile(form: FormData, field: string, file: FileInput): void {
  const { content, filename, contentType } =
    typeof file === "object" && !(file instanceof Blob) && !(file instanceof Uint8Array)
      ? file
      : { content: file, filename: undefined, contentType: undefined };
  const blob =
    content instanceof Blob
      ? content
      : new Blob([content], contentType === undefined ? {} : { type: contentType });
  form.append(field, blob, filename ?? (content instanceof File ? content.name : field));
}

function appendField(form: FormData, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (value instanceof Blob || value instanceof Uint8Array) {
    appendFile(form, key, value);
  } else if (Array.isArray(value)) {
    for (const item of value) appendField(form, `${key}[]`, item);
  } else if (value instanceof Date) {
    form.append(key, value.toISOString());
  } else if (typeof value === "object") {
    for (const [sub, item] of Object.entries(value)) appendField(form, `${key}[${sub}]`, item);
  } else {
    form.append(key, String(value));
  }
}
