import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeCadence, findDueSlot, findNextDueAt } from "../../src/core/ingestion/job-cadence.js";

const at = (iso: string) => new Date(iso);

describe("job cadences", () => {
  it("every n minutes: slots are n-minute buckets", () => {
    const c = { kind: "every", minutes: 10 } as const;
    assert.deepEqual(findDueSlot(c, at("2026-11-26T10:17:30Z")), {
      slot: "2026-11-26T10:10",
      dueAt: at("2026-11-26T10:10:00Z"),
    });
    assert.deepEqual(findNextDueAt(c, at("2026-11-26T10:17:30Z")), at("2026-11-26T10:20:00Z"));
  });

  it("hourly at a minute: before the minute, the previous hour is the due slot", () => {
    const c = { kind: "hourly", atMinute: 5 } as const;
    assert.equal(findDueSlot(c, at("2026-11-26T10:04:59Z")).slot, "2026-11-26T09");
    assert.equal(findDueSlot(c, at("2026-11-26T10:05:00Z")).slot, "2026-11-26T10");
    assert.deepEqual(findNextDueAt(c, at("2026-11-26T10:05:00Z")), at("2026-11-26T11:05:00Z"));
    assert.equal(findDueSlot(c, at("2026-01-01T00:01:00Z")).slot, "2025-12-31T23", "across a year end");
  });

  it("daily on weekdays skips the weekend in both directions", () => {
    const c = { kind: "daily", atUtc: "02:00", weekdays: [1, 2, 3, 4, 5] } as const;
    // Sunday 2026-11-29: the latest due slot is Friday's
    assert.equal(findDueSlot(c, at("2026-11-29T12:00:00Z")).slot, "2026-11-27");
    // Monday before 02:00: still Friday's
    assert.equal(findDueSlot(c, at("2026-11-30T01:59:00Z")).slot, "2026-11-27");
    assert.equal(findDueSlot(c, at("2026-11-30T02:00:00Z")).slot, "2026-11-30");
    assert.deepEqual(findNextDueAt(c, at("2026-11-27T03:00:00Z")), at("2026-11-30T02:00:00Z"));
  });

  it("describes cadences for people", () => {
    assert.equal(describeCadence({ kind: "daily", atUtc: "02:00", weekdays: [1, 5] }), "daily at 02:00 UTC, Mon Fri");
    assert.equal(describeCadence({ kind: "hourly", atMinute: 5 }), "hourly at :05");
  });

  it("rejects impossible times", () => {
    assert.throws(
      () => findDueSlot({ kind: "daily", atUtc: "25:00" }, at("2026-11-26T00:00:00Z")),
      /not a time of day/,
    );
  });
});
