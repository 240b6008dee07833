import type { StoredComment } from "../../../core/discussion/comment.js";
import type { CommentStore, CommentSummary } from "../../../core/discussion/ports.js";
import type { PostgresPool } from "./postgres-pool.js";

/** Ids per summary query, to keep each statement's work bounded. */
const IDS_PER_QUERY = 2_000;

interface CommentRow {
  id: number;
  paper_id: string;
  parent_id: number | null;
  author_id: number | null;
  author_handle: string | null;
  author_name: string | null;
  body_markdown: string;
  body_html: string;
  render_version: number;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
}

const SELECT_COMMENT = `
  SELECT c.id, c.paper_id, c.parent_id, c.author_id, u.handle AS author_handle, u.display_name AS author_name,
    c.body_markdown, c.body_html, c.render_version, c.created_at, c.edited_at, c.deleted_at, c.hidden_at
  FROM comments c LEFT JOIN users u ON u.id = c.author_id`;
const PUBLIC = "c.deleted_at IS NULL AND c.hidden_at IS NULL";

// The parent must be a comment on the same paper; the paper must exist (INSERT … SELECT
// writes nothing otherwise, and the foreign key catches a paper deleted meanwhile).
const INSERT = `
  INSERT INTO comments (paper_id, parent_id, author_id, body_markdown, body_html, render_version, created_at)
  SELECT $1, $2::bigint, $3::bigint, $4, $5, $6::integer, $7::timestamptz
  WHERE EXISTS (SELECT 1 FROM papers WHERE id = $1)
    AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM comments WHERE id = $2::bigint AND paper_id = $1))
  RETURNING id`;

// A hide needs a visible comment, an unhide a hidden one: "nothing changed" answers false.
const SET_HIDDEN = `
  UPDATE comments SET hidden_at = $2, hidden_by = $3
  WHERE id = $1 AND deleted_at IS NULL AND (hidden_at IS NULL) = ($2::timestamptz IS NOT NULL)`;

// Author ids as text: node-postgres leaves bigint[] elements as strings (postgres-pool.ts parses only bigint).
const SUMMARIZE = `
  SELECT c.paper_id, count(*) AS n,
    coalesce(array_agg(DISTINCT c.author_id) FILTER (WHERE c.author_id IS NOT NULL), '{}') AS author_ids
  FROM comments c WHERE c.paper_id = ANY ($1) AND ${PUBLIC}
  GROUP BY c.paper_id`;

export function createPostgresCommentStore(pool: PostgresPool): CommentStore {
  async function find(id: number): Promise<StoredComment | null> {
    const { rows } = await pool.query<CommentRow>(`${SELECT_COMMENT} WHERE c.id = $1`, [id]);
    return rows[0] ? toComment(rows[0]) : null;
  }

  return {
    async insert(comment) {
      const { rows } = await pool.query<{ id: number }>(INSERT, [
        comment.paperId,
        comment.parentId,
        comment.authorId,
        comment.bodyMarkdown,
        comment.bodyHtml,
        comment.renderVersion,
        comment.createdAt,
      ]);
      return rows[0] ? find(rows[0].id) : null;
    },
    find,
    async listForPaper(paperId) {
      const { rows } = await pool.query<CommentRow>(
        `${SELECT_COMMENT} WHERE c.paper_id = $1 ORDER BY c.created_at, c.id`,
        [paperId],
      );
      return rows.map(toComment);
    },
    async listPublicByAuthor(authorId, page) {
      const [items, count] = await Promise.all([
        pool.query<CommentRow>(
          `${SELECT_COMMENT} WHERE c.author_id = $1 AND ${PUBLIC}
           ORDER BY c.created_at DESC, c.id DESC LIMIT $2 OFFSET $3`,
          [authorId, page.limit, page.offset],
        ),
        pool.query<{ n: number }>(`SELECT count(*) AS n FROM comments c WHERE c.author_id = $1 AND ${PUBLIC}`, [
          authorId,
        ]),
      ]);
      return { items: items.rows.map(toComment), total: count.rows[0]!.n };
    },
    async updateBody(id, update) {
      const result = await pool.query(
        `UPDATE comments SET body_markdown = $2, body_html = $3, render_version = $4, edited_at = $5
         WHERE id = $1 AND deleted_at IS NULL`,
        [id, update.bodyMarkdown, update.bodyHtml, update.renderVersion, update.editedAt],
      );
      return result.rowCount === 1;
    },
    async markDeleted(id, deletedAt) {
      const result = await pool.query(
        `UPDATE comments SET body_markdown = '', body_html = '', deleted_at = $2
         WHERE id = $1 AND deleted_at IS NULL`,
        [id, deletedAt],
      );
      return result.rowCount === 1;
    },
    async setHidden(id, hiddenAt, hiddenBy) {
      return (await pool.query(SET_HIDDEN, [id, hiddenAt, hiddenBy])).rowCount === 1;
    },
    async summarize(paperIds) {
      const summaries = new Map<string, CommentSummary>();
      for (let i = 0; i < paperIds.length; i += IDS_PER_QUERY) {
        const { rows } = await pool.query<{ paper_id: string; n: number; author_ids: string[] }>(SUMMARIZE, [
          paperIds.slice(i, i + IDS_PER_QUERY),
        ]);
        for (const row of rows) {
          summaries.set(row.paper_id, { numComments: row.n, authorIds: row.author_ids.map(Number) });
        }
      }
      return summaries;
    },
  };
}

function toComment(row: CommentRow): StoredComment {
  return {
    id: row.id,
    paperId: row.paper_id,
    parentId: row.parent_id,
    authorId: row.author_id,
    authorHandle: row.author_handle,
    authorName: row.author_name,
    bodyMarkdown: row.body_markdown,
    bodyHtml: row.body_html,
    renderVersion: row.render_version,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    hiddenAt: row.hidden_at,
  };
}
