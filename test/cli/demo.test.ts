import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cleanEnv, collect, ROOT } from "./support.js";

describe("npm run demo", () => {
  it("tours the client on the simulator, section by section, and exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "examples", "demo.ts")], {
      cwd: ROOT,
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const result = await collect(child);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    const out = result.stdout;
    assert.match(
      out,
      /^typed-gitlab demo, against the built-in GitLab simulator at http:\/\/127\.0\.0\.1:\d+\n/,
    );
    const sections = [
      "1. A generated, typed call",
      "2. Typed pagination over several pages",
      "3. httpList as a lazy iterator",
      "4. httpRequest with OPTIONS and HEAD",
      "5. The escape hatch",
      "6. A 429 that is waited out and retried",
    ];
    let at = 0;
    for (const title of sections) {
      const found = out.indexOf(`\n${title}`, at);
      assert.ok(found > at, `section "${title}" missing or out of order`);
      at = found;
    }
    assert.match(out, /→ #2 acme\/platform\/api: "The platform API", default branch main/);
    assert.match(out, /→ 120 merge requests over 6 pages\n/);
    assert.match(out, /→ page 1 of 3, 10 issues in all/);
    assert.match(out, /Allow: GET, DELETE, HEAD, OPTIONS/);
    assert.match(out, /X-Total: 120, no body/);
    assert.match(out, /→ pipeline #\d+ on main: \w+/);
    assert.match(out, /→ token of user #1, scopes api, \d+ s left/);
    assert.match(out, /\[debug\] retrying GET \S+ in \d+ ms after 429/);
    assert.match(out, /→ acme\/platform\/api after \d+\.\d s, no error raised/);
    assert.match(out, /\nDone\.\n$/);
  });
});
