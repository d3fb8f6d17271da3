/**
 * A request body as bytes or text for the transport, so that a retry can replay it. Anything else
 * (a form, a Blob) is serialized by a WHATWG Response, which also gives its content type (a form's
 * multipart boundary): the same bytes a WHATWG Request would have sent.
 */
export async function wireBody(
  body: unknown,
  contentType: string | undefined,
): Promise<{ body: Buffer | string; contentType?: string }> {
  if (typeof body === "string") return { body, ...(contentType && { contentType }) };
  if (body instanceof Uint8Array) {
    return {
      body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
      ...(contentType && { contentType }),
    };
  }
  const serialized = new Response(body as ConstructorParameters<typeof Response>[0]);
  const type = contentType ?? serialized.headers.get("content-type") ?? undefined;
  return {
    body: Buffer.from(await serialized.arrayBuffer()),
    ...(type && { contentType: type }),
  };
}
