import { MS_PER_DAY, addDays, formatDay, formatIsoWeek, isWeekend, isoWeekMonday, isoWeekOf } from "../../lib/dates.js";

/** When a list sends, in UTC (one send time per list; per-subscriber time zones are out of scope). */
export type DigestCadence =
  | {
      readonly kind: "daily";
      /** Minutes after 00:00 UTC, e.g. 420 for 07:00. */
      readonly sendAtMinute: number;
      /** arXiv announces nothing on Saturday and Sunday, so by default there is no weekend issue. */
      readonly weekends: boolean;
    }
  | {
      readonly kind: "weekly";
      /** ISO weekday: 1 = Monday … 7 = Sunday. */
      readonly weekday: number;
      readonly sendAtMinute: number;
    };

export const DEFAULT_DAILY_CADENCE: DigestCadence = { kind: "daily", sendAtMinute: 7 * 60, weekends: false };
export const DEFAULT_WEEKLY_CADENCE: DigestCadence = { kind: "weekly", weekday: 1, sendAtMinute: 7 * 60 };

/** One edition of a list. The key is unique per list, so two scheduler ticks make one issue. */
export interface IssuePeriod {
  /** `2026-11-26` (daily) or `2026-W48` (weekly). */
  readonly key: string;
  /** The trending days the issue reports on, inclusive (`YYYY-MM-DD`). */
  readonly covers: { readonly from: string; readonly to: string };
  /** When the issue became due. */
  readonly dueAt: Date;
}

const MS_PER_MINUTE = 60_000;

/**
 * The period whose issue is due at `now`, or null when nothing is due yet (before the send
 * time, or a weekend day without weekend issues). A scheduler that was down at send time
 * still gets the period until it ends, so a late start sends late rather than never.
 */
export function findDueIssuePeriod(cadence: DigestCadence, now: Date): IssuePeriod | null {
  return cadence.kind === "daily" ? findDueDailyPeriod(cadence, now) : findDueWeeklyPeriod(cadence, now);
}

/** Days looked back for the latest period (a weekly list's is at most 7 days old). */
const LATEST_PERIOD_LOOKBACK_DAYS = 8;

/** The due period, or else the latest one that was due: what a preview outside send time shows. */
export function findLatestIssuePeriod(cadence: DigestCadence, now: Date): IssuePeriod {
  for (let day = 0; day <= LATEST_PERIOD_LOOKBACK_DAYS; day++) {
    // The end of each earlier day: that day's issue was due by then, if it had one.
    const at = day === 0 ? now : new Date(Date.parse(`${addDays(formatDay(now), -day)}T23:59:00Z`));
    const period = findDueIssuePeriod(cadence, at);
    if (period !== null) return period;
  }
  throw new Error("a list's cadence always has a period within 8 days");
}

function findDueDailyPeriod(cadence: Extract<DigestCadence, { kind: "daily" }>, now: Date): IssuePeriod | null {
  const today = formatDay(now);
  if (!cadence.weekends && isWeekend(today)) return null;
  const dueAt = atMinute(today, cadence.sendAtMinute);
  if (now < dueAt) return null;
  // The issue reports on every day since the previous issue's day, up to yesterday: on a
  // Monday without weekend issues that is Friday to Sunday, so nothing falls between issues.
  return { key: today, covers: { from: previousIssueDay(today, cadence.weekends), to: addDays(today, -1) }, dueAt };
}

function findDueWeeklyPeriod(cadence: Extract<DigestCadence, { kind: "weekly" }>, now: Date): IssuePeriod | null {
  const today = formatDay(now);
  const { year, week } = isoWeekOf(today);
  const sendDay = addDays(isoWeekMonday(year, week), cadence.weekday - 1);
  const dueAt = atMinute(sendDay, cadence.sendAtMinute);
  if (now < dueAt) return null;
  // The seven days before the send day: a Monday issue reports on the previous ISO week.
  return { key: formatIsoWeek(year, week), covers: { from: addDays(sendDay, -7), to: addDays(sendDay, -1) }, dueAt };
}

function previousIssueDay(day: string, weekends: boolean): string {
  let previous = addDays(day, -1);
  while (!weekends && isWeekend(previous)) previous = addDays(previous, -1);
  return previous;
}

function atMinute(day: string, minute: number): Date {
  return new Date(
    Date.parse(`${day}T00:00:00Z`) + Math.min(Math.max(minute, 0), MS_PER_DAY / MS_PER_MINUTE - 1) * MS_PER_MINUTE,
  );
}
