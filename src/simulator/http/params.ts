import { multipartBoundary, parseMultipart } from "./multipart.js";
import type { MultipartPart } from "./multipart.js";
import { paramError } from "./response.js";

/** Query parameters as recorded in the request log: decoded, a repeated key becomes an array. */
export function queryRecord(search: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const [key, value] of search) {
    const existing = record[key];
    if (existing === undefined) record[key] = value;
    else record[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return record;
}

/**
 * Request parameters as Grape sees them: the query string merged with a JSON, form or multipart
 * body (the body wins). Accessors coerce and raise GitLab's 400 `{"error":"x is invalid"}`.
 */
export class Params {
  private constructor(
    private readonly values: Record<string, unknown>,
    readonly files: MultipartPart[],
  ) {}

  static parse(search: URLSearchParams, contentType: string, body: Buffer): Params {
    const values: Record<string, unknown> = queryRecord(search);
    const files: MultipartPart[] = [];
    if (body.length === 0) return new Params(values, files);
    const boundary = multipartBoundary(contentType);
    if (/^application\/json\b/i.test(contentType)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        throw paramError(400, "The request body is not valid JSON");
      }
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        Object.assign(values, parsed);
      }
    } else if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
      Object.assign(values, queryRecord(new URLSearchParams(body.toString("utf8"))));
    } else if (boundary !== undefined) {
      const parts = parseMultipart(body, boundary);
      if (!parts) throw paramError(400, "The multipart body is malformed");
      for (const part of parts) {
        if (part.filename !== undefined) files.push(part);
        else values[part.name] = part.data.toString("utf8");
      }
    }
    return new Params(values, files);
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) throw paramError(400, `${name} is invalid`);
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  int(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined || value === "") return undefined;
    if (!/^-?\d+$/.test(value)) throw paramError(400, `${name} is invalid`);
    return Number(value);
  }

  bool(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value === "true" || value === "1") return true;
    if (value === "false" || value === "0") return false;
    throw paramError(400, `${name} is invalid`);
  }

  /** An array parameter sent as `name[]=a&name[]=b`, a JSON array, or a comma-separated string. */
  list(name: string): string[] | undefined {
    const value = this.values[`${name}[]`] ?? this.values[name];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value.map(String);
    return String(value)
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
  }

  /** One of `allowed`, else 400 `{"error":"name does not have a valid value"}` as Grape says. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw paramError(400, `${name} does not have a valid value`);
    }
    return value as T;
  }
}
