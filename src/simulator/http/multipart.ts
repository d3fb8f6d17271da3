export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** The boundary of a multipart/form-data Content-Type, or undefined when there is none. */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * Parses a multipart/form-data body (RFC 7578) on raw bytes, so binary file parts survive intact.
 * Returns undefined when the body is not well formed, which the caller answers with a 400.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  if (start < 0) return undefined;
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") return parts;
    const headersStart = body.indexOf("\r\n", afterDelimiter);
    if (headersStart < 0) return undefined;
    const headersEnd = body.indexOf("\r\n\r\n", headersStart);
    if (headersEnd < 0) return undefined;
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headersEnd + 4);
    if (next < 0) return undefined;
    const part = parsePart(
      body.subarray(headersStart + 2, headersEnd).toString("utf8"),
      body.subarray(headersEnd + 4, next),
    );
    if (!part) return undefined;
    parts.push(part);
    start = next + 2;
  }
}

function parsePart(rawHeaders: string, data: Buffer): MultipartPart | undefined {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of rawHeaders.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-type") contentType = value;
    if (key === "content-disposition") {
      name = /\bname="([^"]*)"/i.exec(value)?.[1];
      filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
    }
  }
  if (name === undefined) return undefined;
  return {
    name,
    data,
    ...(filename !== undefined && { filename }),
    ...(contentType && { contentType }),
  };
}
