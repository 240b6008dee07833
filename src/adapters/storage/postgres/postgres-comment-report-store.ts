import type { OpenReport, ReportStore } from "../../../core/discussion/ports.js";
import type { PostgresPool } from "./postgres-pool.js";

interface OpenRow {
  comment_id: number;
  paper_id: string;
  reports: OpenReport["reports"];
}

// Inside json a timestamptz would read "2026-11-27T12:00:00+00:00": written out as the ports'
// ISO 8601 form instead (sessions run in UTC, postgres-pool.ts).
const ISO_CREATED_AT = `to_char(r.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const LIST_OPEN = `
  SELECT r.comment_id, c.paper_id,
    json_agg(json_build_object('reporterId', r.reporter_id, 'reason', r.reason, 'note', r.note,
      'createdAt', ${ISO_CREATED_AT}) ORDER BY r.created_at, r.id) AS reports
  FROM comment_reports r JOIN comments c ON c.id = r.comment_id
  WHERE r.resolved_at IS NULL
  GROUP BY r.comment_id, c.paper_id ORDER BY min(r.created_at), r.comment_id LIMIT $1 OFFSET $2`;

export function createPostgresCommentReportStore(pool: PostgresPool): ReportStore {
  return {
    async insert(report) {
      const result = await pool.query(
        `INSERT INTO comment_reports (comment_id, reporter_id, reason, note, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (comment_id, reporter_id) DO NOTHING`,
        [report.commentId, report.reporterId, report.reason, report.note, report.createdAt],
      );
      return result.rowCount === 1 ? "created" : "duplicate";
    },
    async listOpen(page) {
      const [items, count] = await Promise.all([
        pool.query<OpenRow>(LIST_OPEN, [page.limit, page.offset]),
        pool.query<{ n: number }>(
          "SELECT count(DISTINCT comment_id) AS n FROM comment_reports WHERE resolved_at IS NULL",
        ),
      ]);
      const reports = items.rows.map((row): OpenReport => ({
        commentId: row.comment_id,
        paperId: row.paper_id,
        reports: row.reports,
      }));
      return { items: reports, total: count.rows[0]!.n };
    },
    async resolve(commentId, resolution, resolvedBy, resolvedAt) {
      const result = await pool.query(
        `UPDATE comment_reports SET resolved_at = $4, resolved_by = $3, resolution = $2
         WHERE comment_id = $1 AND resolved_at IS NULL`,
        [commentId, resolution, resolvedBy, resolvedAt],
      );
      return result.rowCount ?? 0;
    },
  };
}
