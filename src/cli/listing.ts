import type { GitlabList } from "../index.js";
import type { CliIo } from "./io.js";
import { writeNdjson } from "./output.js";
import { Progress } from "./progress.js";

/**
 * Every item of a listing as NDJSON, each written as soon as its page arrives, so a consumer
 * (`| head`, `| jq`) sees the first items while later pages are still being fetched.
 */
export async function writeListing(list: GitlabList<unknown>, io: CliIo): Promise<void> {
  const progress = new Progress(io.stderr);
  let items = 0;
  try {
    for await (const item of list) {
      await writeNdjson(io.stdout, item);
      items++;
      progress.update({ items, page: list.currentPage, totalPages: list.totalPages });
    }
  } finally {
    progress.done();
  }
}
