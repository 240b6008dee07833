/** Why a comment is reported to moderators. "other" needs a note saying what is wrong. */
export const REPORT_REASONS = ["spam", "harassment", "off-topic", "misinformation", "illegal", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** A note longer than this is cut: moderators read the comment itself, the note only points. */
export const MAX_REPORT_NOTE_CHARS = 500;

export type ReportCheck =
  | { readonly ok: true; readonly reason: ReportReason; readonly note: string | null }
  | { readonly ok: false; readonly message: string };

export function isReportReason(value: string): value is ReportReason {
  return (REPORT_REASONS as readonly string[]).includes(value);
}

export function checkReport(reason: string, note: string | null | undefined): ReportCheck {
  if (!isReportReason(reason)) return { ok: false, message: `Choose a reason: ${REPORT_REASONS.join(", ")}.` };
  const trimmed = (note ?? "").trim().slice(0, MAX_REPORT_NOTE_CHARS);
  if (reason === "other" && trimmed === "")
    return { ok: false, message: 'Say what is wrong when the reason is "other".' };
  return { ok: true, reason, note: trimmed === "" ? null : trimmed };
}
