/**
 * When recurring jobs come due. A run covers a *slot* — the hour, the day or the
 * n-minute bucket it belongs to — and a slot is run once. Times are UTC.
 */
export type Cadence =
  | { readonly kind: "every"; readonly minutes: number }
  | { readonly kind: "hourly"; readonly atMinute: number }
  | { readonly kind: "daily"; readonly atUtc: string; readonly weekdays?: readonly number[] };

export interface DueSlot {
  readonly slot: string;
  readonly dueAt: Date;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** A daily job restricted to some weekdays is due at least once a week. */
const DAYS_IN_WEEK = 7;

/** The latest slot that is due at `now` (its due time ≤ now). */
export function findDueSlot(cadence: Cadence, now: Date): DueSlot {
  const t = now.getTime();
  if (cadence.kind === "every") {
    const size = cadence.minutes * MS_PER_MINUTE;
    const start = Math.floor(t / size) * size;
    return { slot: new Date(start).toISOString().slice(0, 16), dueAt: new Date(start) };
  }
  if (cadence.kind === "hourly") {
    let due = Math.floor(t / MS_PER_HOUR) * MS_PER_HOUR + cadence.atMinute * MS_PER_MINUTE;
    if (due > t) due -= MS_PER_HOUR;
    return { slot: new Date(due).toISOString().slice(0, 13), dueAt: new Date(due) };
  }
  const offset = parseTimeOfDay(cadence.atUtc);
  for (let back = 0; back <= DAYS_IN_WEEK; back++) {
    const due = Math.floor(t / MS_PER_DAY) * MS_PER_DAY - back * MS_PER_DAY + offset;
    if (due <= t && isAllowedDay(cadence, due))
      return { slot: new Date(due).toISOString().slice(0, 10), dueAt: new Date(due) };
  }
  throw new RangeError(`cadence never comes due: ${JSON.stringify(cadence)}`);
}

/** The first due time strictly after `now`. */
export function findNextDueAt(cadence: Cadence, now: Date): Date {
  const current = findDueSlot(cadence, now).dueAt.getTime();
  const step =
    cadence.kind === "every" ? cadence.minutes * MS_PER_MINUTE : cadence.kind === "hourly" ? MS_PER_HOUR : MS_PER_DAY;
  for (let next = current + step; ; next += step) {
    if (cadence.kind !== "daily" || isAllowedDay(cadence, next)) return new Date(next);
  }
}

/** "every 10 min", "hourly at :05", "daily at 02:00 UTC, Mon–Fri". */
export function describeCadence(cadence: Cadence): string {
  if (cadence.kind === "every") return `every ${cadence.minutes} min`;
  if (cadence.kind === "hourly") return `hourly at :${String(cadence.atMinute).padStart(2, "0")}`;
  const days = cadence.weekdays ? `, ${cadence.weekdays.map((d) => WEEKDAY_NAMES[d]).join(" ")}` : "";
  return `daily at ${cadence.atUtc} UTC${days}`;
}

const WEEKDAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function isAllowedDay(cadence: { readonly weekdays?: readonly number[] }, ms: number): boolean {
  return !cadence.weekdays || cadence.weekdays.includes(new Date(ms).getUTCDay());
}

function parseTimeOfDay(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new RangeError(`not a time of day: ${hhmm}`);
  return Number(m[1]) * MS_PER_HOUR + Number(m[2]) * MS_PER_MINUTE;
}
