import type { OpenReport, ReportStore } from "../../../core/discussion/ports.js";
import type { ReportReason } from "../../../core/discussion/report-reasons.js";
import type { SqliteDatabase } from "./sqlite-database.js";

interface OpenRow {
  comment_id: number;
  paper_id: string;
  reports: string;
}

export function createSqliteCommentReportStore(db: SqliteDatabase): ReportStore {
  const insert = db.prepare(`
    INSERT INTO comment_reports (comment_id, reporter_id, reason, note, created_at)
    VALUES (@commentId, @reporterId, @reason, @note, @createdAt)
    ON CONFLICT (comment_id, reporter_id) DO NOTHING`);
  const listOpen = db.prepare<[number, number], OpenRow>(`
    SELECT r.comment_id, c.paper_id,
      json_group_array(json_object('reporterId', r.reporter_id, 'reason', r.reason, 'note', r.note,
        'createdAt', r.created_at)) AS reports
    FROM (SELECT * FROM comment_reports WHERE resolved_at IS NULL ORDER BY created_at, id) r
    JOIN comments c ON c.id = r.comment_id
    GROUP BY r.comment_id ORDER BY min(r.created_at), r.comment_id LIMIT ? OFFSET ?`);
  const countOpen = db.prepare<[], { n: number }>(
    "SELECT count(DISTINCT comment_id) AS n FROM comment_reports WHERE resolved_at IS NULL",
  );
  const resolve = db.prepare(`
    UPDATE comment_reports SET resolved_at = ?, resolved_by = ?, resolution = ?
    WHERE comment_id = ? AND resolved_at IS NULL`);

  return {
    async insert(report) {
      return insert.run({ ...report }).changes > 0 ? "created" : "duplicate";
    },
    async listOpen(page) {
      const items = listOpen.all(page.limit, page.offset).map((row): OpenReport => ({
        commentId: row.comment_id,
        paperId: row.paper_id,
        reports: JSON.parse(row.reports) as {
          reporterId: number;
          reason: ReportReason;
          note: string | null;
          createdAt: string;
        }[],
      }));
      return { items, total: countOpen.get()!.n };
    },
    async resolve(commentId, resolution, resolvedBy, resolvedAt) {
      return resolve.run(resolvedAt, resolvedBy, resolution, commentId).changes;
    },
  };
}
