import assert from "node:assert/strict";
import { before, describe } from "node:test";
import { getApiV4Projects } from "../../../generated/endpoints/projects.js";
import { GitlabHttpError, GitlabPaginationError, type Gitlab } from "../../../src/index.js";
import { defaultSeed, startSimulator, type Simulator } from "../../../src/simulator/index.js";
import { useSimulator } from "../../helpers/simulator.js";
import { faultCase, itemsVerified } from "../tally.js";
import { client, PAGINATING_STYLES, rejection } from "../support.js";

const MERGE_REQUESTS = "/api/v4/projects/2/merge_requests";
const TOTAL = 150;
const PER_PAGE = 3; // 150 merge requests in 50 pages
const FAST = { maxRetryWait: 20 };

/** The built-in seed with project 2 holding 150 merge requests. */
function fiftyPageSeed() {
  const seed = defaultSeed();
  seed.projects = seed.projects!.map((project) =>
    project.id === 2 ? { ...project, mergeRequests: TOTAL } : project,
  );
  return seed;
}

function ids(items: ReadonlyArray<{ id?: number }>): number[] {
  return items.map((item) => {
    assert.equal(typeof item.id, "number");
    return item.id!;
  });
}

/** Every item of the clean listing, once each, in its order. */
function assertIntact(items: ReadonlyArray<{ id?: number }>, expected: readonly number[]): void {
  assert.deepEqual(ids(items), expected);
  itemsVerified(items.length);
}

const pageRequests = (sim: Simulator) => sim.requests.filter((r) => r.path === MERGE_REQUESTS);

export function paginationCases(): void {
  describe("pagination under faults (a 50-page listing)", () => {
    const ctx = useSimulator({ seed: fiftyPageSeed() });
    let expected: number[] = [];
    const elsewhere: { sim?: Simulator } = {};

    before(async () => {
      // The reference: one clean request per 100 items, no fault injected.
      expected = ids(
        await client(ctx.sim).httpList<{ id?: number }>("/projects/2/merge_requests", {
          getAll: true,
          perPage: 100,
        }),
      );
      assert.equal(new Set(expected).size, TOTAL);
    });

    for (const style of PAGINATING_STYLES) {
      describe(style.name, () => {
        const list = (gl: Gitlab, prefetch?: number) =>
          style.listMergeRequests(gl, PER_PAGE, prefetch === undefined ? {} : { prefetch });

        faultCase(
          "clean, with pages fetched ahead → all 150 items in order, 50 page requests",
          async () => {
            const { sim } = ctx;
            sim.reset();
            assertIntact(await list(client(sim)), expected);
            assert.equal(pageRequests(sim).length, 50);
          },
        );

        for (const prefetch of [1, 8]) {
          faultCase(
            `503 ×2 at page ~25 and retry (prefetch ${prefetch}) → no item skipped or repeated`,
            async () => {
              const { sim } = ctx;
              sim.reset();
              sim.inject({ kind: "status", status: 503, path: MERGE_REQUESTS, skip: 24, times: 2 });
              assertIntact(
                await list(client(sim, { retryTransientErrors: true, ...FAST }), prefetch),
                expected,
              );
              assert.equal(pageRequests(sim).length, 52);
            },
          );
        }

        faultCase(
          "reset mid-body at page ~30 and retry → no item skipped or repeated",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "resetMidBody", path: MERGE_REQUESTS, skip: 29, bytes: 100 });
            assertIntact(
              await list(client(sim, { retryTransientErrors: true, ...FAST })),
              expected,
            );
          },
        );

        faultCase(
          "429 ×3 around page 10 (Retry-After 0) → waited out, no item skipped or repeated",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({
              kind: "rateLimit",
              retryAfter: 0,
              path: MERGE_REQUESTS,
              skip: 9,
              times: 3,
            });
            assertIntact(await list(client(sim)), expected);
          },
        );

        faultCase(
          "503 at page ~25 without retryTransientErrors → GitlabHttpError, never a short list",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "status", status: 503, path: MERGE_REQUESTS, skip: 24 });
            const error = await rejection(list(client(sim)));
            assert.ok(error instanceof GitlabHttpError);
            assert.equal(error.responseCode, 503);
          },
        );

        faultCase(
          "malformed Link header at page 5 → GitlabPaginationError quoting it, not a silent stop",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "badLink", path: MERGE_REQUESTS, skip: 4 });
            const error = await rejection(list(client(sim), 1));
            assert.ok(error instanceof GitlabPaginationError);
            assert.match(error.message, /malformed Link header: "/);
          },
        );

        faultCase(
          "garbage X-Next-Page at page 7 (Link intact) → the Link is followed, items intact",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "garbageNextPage", value: "seven", path: MERGE_REQUESTS, skip: 6 });
            assertIntact(await list(client(sim), 1), expected);
          },
        );

        faultCase(
          "next link to another origin → GitlabPaginationError naming it; nothing sent there",
          async () => {
            const { sim } = ctx;
            elsewhere.sim ??= await startSimulator();
            const other = elsewhere.sim;
            other.reset();
            sim.reset();
            const foreign = `${other.url}${MERGE_REQUESTS}?page=4&per_page=${PER_PAGE}`;
            sim.inject({ kind: "nextLink", url: foreign, path: MERGE_REQUESTS, skip: 2 });
            const error = await rejection(list(client(sim), 1));
            assert.ok(error instanceof GitlabPaginationError);
            assert.ok(error.message.includes(other.url));
            assert.match(error.message, /keepBaseUrl/);
            assert.equal(other.requests.length, 0);
          },
        );

        faultCase(
          "next link to another origin with keepBaseUrl → followed on the configured origin, items intact",
          async () => {
            const { sim } = ctx;
            elsewhere.sim ??= await startSimulator();
            const other = elsewhere.sim;
            other.reset();
            sim.reset();
            const foreign = `${other.url}${MERGE_REQUESTS}?page=4&per_page=${PER_PAGE}`;
            sim.inject({ kind: "nextLink", url: foreign, path: MERGE_REQUESTS, skip: 2 });
            assertIntact(await list(client(sim, { keepBaseUrl: true }), 1), expected);
            assert.equal(other.requests.length, 0);
          },
        );

        faultCase(
          "a page that comes back empty early (once) → fetched again, no item lost",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "emptyPage", path: MERGE_REQUESTS, skip: 9 });
            assertIntact(await list(client(sim)), expected);
            assert.equal(pageRequests(sim).length, 51, "one extra request, for that page");
          },
        );

        faultCase(
          "a page empty twice (as GitLab sends when it filters after paginating) → the listing goes on past it",
          async () => {
            const { sim } = ctx;
            sim.reset();
            sim.inject({ kind: "emptyPage", path: MERGE_REQUESTS, skip: 9, times: 2 });
            const items = await list(client(sim), 1);
            const missing = expected.slice(9 * PER_PAGE, 10 * PER_PAGE);
            assertIntact(
              items,
              expected.filter((id) => !missing.includes(id)),
            );
            await elsewhere.sim?.close();
            elsewhere.sim = undefined;
          },
        );
      });
    }
  });

  describe("X-Total absent above 10,000 items", () => {
    const ctx = useSimulator({ seed: { syntheticProjects: { count: 10_000 } } });

    for (const style of PAGINATING_STYLES) {
      faultCase(
        `${style.name}: 10,006 projects, no totals, a 503 on page 50 → every project once`,
        async () => {
          const { sim } = ctx;
          sim.reset();
          const { firstId, lastId } = sim.info.syntheticProjects!;
          const want = new Set([...sim.info.projects.map((p) => p.id)]);
          for (let id = firstId; id <= lastId; id++) want.add(id);
          assert.ok(want.size > 10_000);
          sim.inject({ kind: "status", status: 503, path: /^\/api\/v4\/projects$/, skip: 49 });
          const gl = client(sim, { retryTransientErrors: true, ...FAST });
          let items: Array<{ id?: number }>;
          if (style.name === "generated") {
            items = await gl
              .paginate(getApiV4Projects, { query: { simple: true } }, { perPage: 100 })
              .all();
          } else {
            const list = await gl.httpList<{ id?: number }>("/projects", {
              iterator: true,
              perPage: 100,
              queryParams: { simple: true },
            });
            assert.equal(list.total, undefined);
            assert.equal(list.totalPages, undefined);
            items = await list.all();
          }
          const got = ids(items);
          assert.equal(got.length, want.size);
          assert.equal(new Set(got).size, got.length, "no project twice");
          assert.ok(
            got.every((id) => want.has(id)),
            "no project from nowhere",
          );
          itemsVerified(got.length);
        },
      );
    }
  });
}
