import { addDays, formatIsoWeek, isoWeekMonday, isoWeekOf, isoWeeksInYear, parseDay } from "../../lib/dates.js";

/** A daily list covers a day, an ISO week or a calendar month. */
export type ListingPeriod =
  | { readonly kind: "day"; readonly key: string; readonly first: string; readonly last: string }
  | { readonly kind: "week"; readonly key: string; readonly first: string; readonly last: string }
  | { readonly kind: "month"; readonly key: string; readonly first: string; readonly last: string };

export class InvalidPeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidPeriodError";
  }
}

export function dayPeriod(input: string): ListingPeriod {
  if (!parseDay(input)) {
    throw new InvalidPeriodError(`"${clip(input)}" is not a date: expected YYYY-MM-DD, e.g. 2025-03-14`);
  }
  return { kind: "day", key: input, first: input, last: input };
}

const WEEK = /^(\d{4})-W(\d{2})$/;

/** `2025-W07` → Monday to Sunday of that ISO week. */
export function weekPeriod(input: string): ListingPeriod {
  const m = WEEK.exec(input);
  const year = Number(m?.[1]);
  const week = Number(m?.[2]);
  if (!m || week < 1 || week > isoWeeksInYear(year)) {
    throw new InvalidPeriodError(`"${clip(input)}" is not an ISO week: expected YYYY-Www, e.g. 2025-W07`);
  }
  const first = isoWeekMonday(year, week);
  return { kind: "week", key: formatIsoWeek(year, week), first, last: addDays(first, 6) };
}

const MONTH = /^(\d{4})-(\d{2})$/;

export function monthPeriod(input: string): ListingPeriod {
  const m = MONTH.exec(input);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) {
    throw new InvalidPeriodError(`"${clip(input)}" is not a month: expected YYYY-MM, e.g. 2025-03`);
  }
  const first = `${m[1]}-${m[2]}-01`;
  const nextMonth = month === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(month + 1).padStart(2, "0")}-01`;
  return { kind: "month", key: input, first, last: addDays(nextMonth, -1) };
}

export function weekPeriodOf(day: string): ListingPeriod {
  const { year, week } = isoWeekOf(day);
  return weekPeriod(formatIsoWeek(year, week));
}

export function monthPeriodOf(day: string): ListingPeriod {
  return monthPeriod(day.slice(0, 7));
}

/** The period of the same kind that holds `day`. */
export function periodOfKind(kind: ListingPeriod["kind"], day: string): ListingPeriod {
  if (kind === "day") return dayPeriod(day);
  return kind === "week" ? weekPeriodOf(day) : monthPeriodOf(day);
}

/** URL path of a period's page. */
export function periodPath(period: ListingPeriod): string {
  return `/papers/${period.kind === "day" ? "date" : period.kind}/${period.key}`;
}

const LONG_DAY = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  weekday: "long",
  month: "long",
  day: "numeric",
  year: "numeric",
});
const LONG_MONTH = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "long", year: "numeric" });

/** "Friday, March 14, 2025", "Week 7 of 2025", "March 2025". */
export function describePeriod(period: ListingPeriod): string {
  const date = parseDay(period.first)!;
  if (period.kind === "day") return LONG_DAY.format(date);
  if (period.kind === "week") {
    const { year, week } = isoWeekOf(period.first);
    return `Week ${week} of ${year}`;
  }
  return LONG_MONTH.format(date);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Parses the `date|week|month` + key pair used in URLs; throws {@link InvalidPeriodError}. */
export function parsePeriod(kind: "date" | "week" | "month", key: string): ListingPeriod {
  if (kind === "date") return dayPeriod(key);
  return kind === "week" ? weekPeriod(key) : monthPeriod(key);
}
