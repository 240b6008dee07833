import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type OpenStorage, useStorage } from "./contract-storage.js";

const T0 = new Date("2026-11-27T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

/** RateBuckets: the API rate limit's token buckets (shared by every process on PostgreSQL). */
export function describeRateBucketsContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: API rate buckets`, () => {
    it("lets a new client make perMinute requests, then refuses with the time until a token is back", async (t) => {
      const { rateBuckets } = await useStorage(t, open);
      const takes = [];
      for (let i = 0; i < 5; i++) takes.push(await rateBuckets.take("203.0.113.1", 4, T0));
      assert.deepEqual(
        takes.map((take) => [take.allowed, take.remaining]),
        [
          [true, 3],
          [true, 2],
          [true, 1],
          [true, 0],
          [false, 0],
        ],
      );
      assert.equal(takes[4]!.retryAfterMs, 15_000, "4 a minute: one token every 15 s");
      assert.equal(takes[0]!.retryAfterMs, 0);
    });

    it("refills continuously, never above the limit, and a refused request costs nothing", async (t) => {
      const { rateBuckets } = await useStorage(t, open);
      for (let i = 0; i < 4; i++) await rateBuckets.take("c", 4, T0);
      const early = await rateBuckets.take("c", 4, at(10_000));
      assert.deepEqual([early.allowed, early.retryAfterMs], [false, 5_000], "2/3 of a token after 10 s");
      const refilled = await rateBuckets.take("c", 4, at(15_000));
      assert.deepEqual([refilled.allowed, refilled.remaining], [true, 0], "the refused request took nothing");
      const later = await rateBuckets.take("c", 4, at(15_000 + 10 * 60_000));
      assert.deepEqual([later.allowed, later.remaining], [true, 3], "ten idle minutes: full, not 40");
    });

    it("keeps clients apart, and counts concurrent requests of one client exactly", async (t) => {
      const { rateBuckets } = await useStorage(t, open);
      const burst = await Promise.all(Array.from({ length: 25 }, () => rateBuckets.take("busy", 10, T0)));
      assert.equal(burst.filter((take) => take.allowed).length, 10);
      assert.deepEqual(
        burst
          .filter((take) => take.allowed)
          .map((take) => take.remaining)
          .sort((a, b) => a - b),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        "each allowed request saw its own count",
      );
      const other = await rateBuckets.take("quiet", 10, T0);
      assert.deepEqual([other.allowed, other.remaining], [true, 9]);
    });

    it("does not refill backwards when a process's clock is behind another's", async (t) => {
      const { rateBuckets } = await useStorage(t, open);
      for (let i = 0; i < 3; i++) await rateBuckets.take("skew", 3, at(60_000));
      const behind = await rateBuckets.take("skew", 3, T0);
      assert.equal(behind.allowed, false, "an earlier clock adds no tokens and removes none");
      const after = [await rateBuckets.take("skew", 3, at(80_000)), await rateBuckets.take("skew", 3, at(80_000))];
      assert.deepEqual(
        after.map((take) => take.allowed),
        [true, false],
        "20 s after the latest request: one token, not a refill from the earlier clock",
      );
    });
  });
}
