import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DEFAULT_DAILY_CADENCE,
  DEFAULT_WEEKLY_CADENCE,
  findDueIssuePeriod,
} from "../../src/core/digests/issue-period.js";

const at = (iso: string) => new Date(iso);

describe("findDueIssuePeriod: daily at 07:00 UTC, no weekend issues", () => {
  test("before the send time nothing is due; from it until midnight the day's issue is", () => {
    assert.equal(findDueIssuePeriod(DEFAULT_DAILY_CADENCE, at("2026-11-26T06:59:59Z")), null);
    const due = findDueIssuePeriod(DEFAULT_DAILY_CADENCE, at("2026-11-26T07:00:00Z"));
    assert.deepEqual(due, {
      key: "2026-11-26",
      covers: { from: "2026-11-25", to: "2026-11-25" },
      dueAt: at("2026-11-26T07:00:00Z"),
    });
    assert.equal(findDueIssuePeriod(DEFAULT_DAILY_CADENCE, at("2026-11-26T23:59:59Z"))?.key, "2026-11-26");
  });

  test("two ticks in the same day name the same period (the key makes the issue unique)", () => {
    const first = findDueIssuePeriod(DEFAULT_DAILY_CADENCE, at("2026-11-26T07:00:30Z"));
    const second = findDueIssuePeriod(DEFAULT_DAILY_CADENCE, at("2026-11-26T07:01:00Z"));
    assert.deepEqual(first, second);
  });

  test("no issue on Saturday or Sunday; Monday's issue covers Friday to Sunday", () => {
    assert.equal(findDueIssuePeriod(DEFAULT_DAILY_CADENCE, at("2026-11-28T09:00:00Z")), null);
    assert.equal(findDueIssuePeriod(DEFAULT_DAILY_CADENCE, at("2026-11-29T09:00:00Z")), null);
    assert.deepEqual(findDueIssuePeriod(DEFAULT_DAILY_CADENCE, at("2026-11-30T09:00:00Z"))?.covers, {
      from: "2026-11-27",
      to: "2026-11-29",
    });
  });

  test("with weekend issues, Saturday has one covering Friday", () => {
    const cadence = { ...DEFAULT_DAILY_CADENCE, weekends: true };
    const due = findDueIssuePeriod(cadence, at("2026-11-28T09:00:00Z"));
    assert.equal(due?.key, "2026-11-28");
    assert.deepEqual(due?.covers, { from: "2026-11-27", to: "2026-11-27" });
  });
});

describe("findDueIssuePeriod: weekly on Monday 07:00 UTC", () => {
  test("keyed by ISO week; due from Monday 07:00 for the rest of the week, covering the previous week", () => {
    assert.equal(findDueIssuePeriod(DEFAULT_WEEKLY_CADENCE, at("2026-11-23T06:00:00Z")), null);
    const monday = findDueIssuePeriod(DEFAULT_WEEKLY_CADENCE, at("2026-11-23T07:00:00Z"));
    const sunday = findDueIssuePeriod(DEFAULT_WEEKLY_CADENCE, at("2026-11-29T23:00:00Z"));
    assert.equal(monday?.key, "2026-W48");
    assert.deepEqual(monday, sunday);
    assert.deepEqual(monday?.covers, { from: "2026-11-16", to: "2026-11-22" });
  });

  test("the ISO year at the turn of the year: 2027-01-01 is in 2026-W53", () => {
    assert.equal(findDueIssuePeriod(DEFAULT_WEEKLY_CADENCE, at("2027-01-01T12:00:00Z"))?.key, "2026-W53");
    assert.equal(findDueIssuePeriod(DEFAULT_WEEKLY_CADENCE, at("2027-01-04T08:00:00Z"))?.key, "2027-W01");
  });

  test("a Friday send day is not due earlier in the week", () => {
    const friday = { ...DEFAULT_WEEKLY_CADENCE, weekday: 5 };
    assert.equal(findDueIssuePeriod(friday, at("2026-11-26T12:00:00Z")), null);
    assert.equal(findDueIssuePeriod(friday, at("2026-11-27T07:00:00Z"))?.key, "2026-W48");
  });
});
