import { formatHumanDay } from "../../lib/dates.js";

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const FULL = new Intl.NumberFormat("en-US");

/** 1234 → "1.2K": for star counts on cards, where the exact figure adds nothing. */
export function formatCompactCount(n: number): string {
  return COMPACT.format(n);
}

export function formatCount(n: number): string {
  return FULL.format(n);
}

/** `2026-06-02T17:59:59Z` → `Jun 2, 2026` (UTC, like arXiv's dates). */
export function formatTimestampDay(iso: string): string {
  return formatHumanDay(iso.slice(0, 10));
}

export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;
}
