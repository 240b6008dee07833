import type { StoredComment } from "../../../core/discussion/comment.js";
import type { CommentStore, CommentSummary } from "../../../core/discussion/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

/** json_each over more ids than this is split, to keep each statement's work bounded. */
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

export function createSqliteCommentStore(db: SqliteDatabase): CommentStore {
  // The parent must be a comment on the same paper; the paper must exist (INSERT … SELECT
  // writes nothing otherwise, and the foreign key catches a vanished paper).
  const insert = db.prepare<Record<string, unknown>>(`
    INSERT INTO comments (paper_id, parent_id, author_id, body_markdown, body_html, render_version, created_at)
    SELECT @paperId, @parentId, @authorId, @bodyMarkdown, @bodyHtml, @renderVersion, @createdAt
    WHERE EXISTS (SELECT 1 FROM papers WHERE id = @paperId)
      AND (@parentId IS NULL OR EXISTS (SELECT 1 FROM comments WHERE id = @parentId AND paper_id = @paperId))`);
  const find = db.prepare<[number], CommentRow>(`${SELECT_COMMENT} WHERE c.id = ?`);
  const listForPaper = db.prepare<[string], CommentRow>(
    `${SELECT_COMMENT} WHERE c.paper_id = ? ORDER BY c.created_at, c.id`,
  );
  const listByAuthor = db.prepare<[number, number, number], CommentRow>(
    `${SELECT_COMMENT} WHERE c.author_id = ? AND ${PUBLIC} ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`,
  );
  const countByAuthor = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM comments c WHERE c.author_id = ? AND ${PUBLIC}`,
  );
  const updateBody = db.prepare(`
    UPDATE comments SET body_markdown = @bodyMarkdown, body_html = @bodyHtml, render_version = @renderVersion,
      edited_at = @editedAt
    WHERE id = @id AND deleted_at IS NULL`);
  const markDeleted = db.prepare(`
    UPDATE comments SET body_markdown = '', body_html = '', deleted_at = ? WHERE id = ? AND deleted_at IS NULL`);
  const setHidden = db.prepare(`
    UPDATE comments SET hidden_at = @hiddenAt, hidden_by = @hiddenBy
    WHERE id = @id AND deleted_at IS NULL AND (hidden_at IS NULL) = (@hiddenAt IS NOT NULL)`);
  const summarize = db.prepare<[string], { paper_id: string; n: number; author_ids: string }>(`
    SELECT c.paper_id, count(*) AS n, json_group_array(DISTINCT c.author_id) AS author_ids
    FROM comments c WHERE c.paper_id IN (SELECT value FROM json_each(?)) AND ${PUBLIC}
    GROUP BY c.paper_id`);

  return {
    async insert(comment) {
      const result = insert.run({ ...comment });
      if (result.changes === 0) return null;
      return toComment(find.get(Number(result.lastInsertRowid))!);
    },
    async find(id) {
      const row = find.get(id);
      return row ? toComment(row) : null;
    },
    async listForPaper(paperId) {
      return listForPaper.all(paperId).map(toComment);
    },
    async listPublicByAuthor(authorId, page) {
      return {
        items: listByAuthor.all(authorId, page.limit, page.offset).map(toComment),
        total: countByAuthor.get(authorId)!.n,
      };
    },
    async updateBody(id, update) {
      return updateBody.run({ id, ...update }).changes > 0;
    },
    async markDeleted(id, deletedAt) {
      return markDeleted.run(deletedAt, id).changes > 0;
    },
    async setHidden(id, hiddenAt, hiddenBy) {
      return setHidden.run({ id, hiddenAt, hiddenBy }).changes > 0;
    },
    async summarize(paperIds) {
      const summaries = new Map<string, CommentSummary>();
      for (let i = 0; i < paperIds.length; i += IDS_PER_QUERY) {
        for (const row of summarize.all(JSON.stringify(paperIds.slice(i, i + IDS_PER_QUERY)))) {
          const authorIds = (JSON.parse(row.author_ids) as (number | null)[]).filter((id): id is number => id !== null);
          summaries.set(row.paper_id, { numComments: row.n, authorIds });
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
