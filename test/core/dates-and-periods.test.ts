import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  InvalidPeriodError,
  dayPeriod,
  describePeriod,
  monthPeriod,
  periodPath,
  weekPeriod,
  weekPeriodOf,
} from "../../src/core/listings/listing-period.js";
import { addDays, isoWeekOf, parseDay, toIsoTimestamp } from "../../src/lib/dates.js";

describe("ISO weeks", () => {
  const cases: [string, number, number][] = [
    ["2026-01-01", 2026, 1], // Thursday: week 1 of its own year
    ["2025-12-29", 2026, 1], // Monday before: already week 1 of 2026
    ["2021-01-03", 2020, 53], // Sunday: last day of 2020-W53
    ["2021-01-04", 2021, 1],
    ["2024-12-30", 2025, 1],
    ["2027-01-01", 2026, 53], // 2026 has 53 weeks (it starts on a Thursday)
    ["2023-01-01", 2022, 52],
  ];
  for (const [day, year, week] of cases) {
    it(`${day} is ${year}-W${week}`, () => assert.deepEqual(isoWeekOf(day), { year, week }));
  }

  it("a week runs Monday to Sunday", () => {
    assert.deepEqual(weekPeriod("2026-W01"), {
      kind: "week",
      key: "2026-W01",
      first: "2025-12-29",
      last: "2026-01-04",
    });
    assert.deepEqual(weekPeriod("2020-W53"), {
      kind: "week",
      key: "2020-W53",
      first: "2020-12-28",
      last: "2021-01-03",
    });
  });

  it("rejects weeks that do not exist", () => {
    assert.throws(() => weekPeriod("2021-W53"), InvalidPeriodError);
    assert.throws(() => weekPeriod("2025-W00"), InvalidPeriodError);
    assert.throws(() => weekPeriod("2025-w07"), /expected YYYY-Www/);
  });

  it("finds the week of a day", () => assert.equal(weekPeriodOf("2026-06-30").key, "2026-W27"));
});

describe("days and months", () => {
  it("rejects impossible dates", () => {
    assert.equal(parseDay("2025-02-29"), null);
    assert.ok(parseDay("2024-02-29"));
    assert.throws(() => dayPeriod("2025-02-30"), /is not a date: expected YYYY-MM-DD/);
    assert.throws(() => dayPeriod("2025-2-3"), InvalidPeriodError);
  });

  it("months end on their last day, leap years included", () => {
    assert.equal(monthPeriod("2024-02").last, "2024-02-29");
    assert.equal(monthPeriod("2025-02").last, "2025-02-28");
    assert.equal(monthPeriod("2025-12").last, "2025-12-31");
    assert.throws(() => monthPeriod("2025-13"), /is not a month/);
  });

  it("adds days across month and year ends", () => {
    assert.equal(addDays("2025-12-31", 1), "2026-01-01");
    assert.equal(addDays("2024-03-01", -1), "2024-02-29");
  });

  it("paths and descriptions", () => {
    assert.equal(periodPath(dayPeriod("2026-06-22")), "/papers/date/2026-06-22");
    assert.equal(periodPath(weekPeriod("2026-W26")), "/papers/week/2026-W26");
    assert.equal(periodPath(monthPeriod("2026-06")), "/papers/month/2026-06");
    assert.equal(describePeriod(monthPeriod("2026-06")), "June 2026");
    assert.equal(describePeriod(weekPeriod("2026-W26")), "Week 26 of 2026");
  });

  it("normalises timestamps", () => {
    assert.equal(toIsoTimestamp("2025-03-14"), "2025-03-14T00:00:00.000Z");
    assert.equal(toIsoTimestamp("2025-03-14T10:00:00+02:00"), "2025-03-14T08:00:00.000Z");
    assert.equal(toIsoTimestamp("not a date"), null);
  });
});
