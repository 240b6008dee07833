import { z } from "@hono/zod-openapi";
import { MAX_COMMENT_CHARS } from "../../../core/discussion/render-comment.js";
import { MAX_REPORT_NOTE_CHARS, REPORT_REASONS } from "../../../core/discussion/report-reasons.js";

/** Schemas of the comment API (comment-api-routes.ts); the OpenAPI document is built from them. */

export const CommentIdParamSchema = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .openapi({ param: { name: "id", in: "path" }, example: 42 }),
});

const CommentBodyField = z.string().openapi({
  description: `Markdown: emphasis, code, quotes, lists, links and $math$; at most ${MAX_COMMENT_CHARS} characters`,
});

export const NewCommentRequestSchema = z
  .object({
    body: CommentBodyField,
    parentId: z.number().int().positive().nullable().optional().openapi({ description: "The comment answered" }),
  })
  .strict()
  .openapi("NewComment");

export const EditCommentRequestSchema = z.object({ body: CommentBodyField }).strict().openapi("EditComment");

export const ReportRequestSchema = z
  .object({
    reason: z.enum(REPORT_REASONS),
    note: z
      .string()
      .max(2_000)
      .nullable()
      .optional()
      .openapi({ description: `Needed for "other"; cut to ${MAX_REPORT_NOTE_CHARS} characters` }),
  })
  .strict()
  .openapi("CommentReport");

export const ReportResultSchema = z
  .object({
    status: z.enum(["created", "duplicate"]).openapi({ description: "duplicate: you had reported it already" }),
  })
  .openapi("CommentReportResult");

export const CommentSchema = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable().openapi({ description: "The comment this answers" }),
    depth: z
      .number()
      .int()
      .openapi({ description: "Nesting level as shown (0: top level; deep replies stay at the last level)" }),
    deleted: z.boolean().openapi({ description: "A tombstone kept because replies hang from it: no author or text" }),
    hidden: z.boolean().openapi({ description: "Hidden by a moderator: only moderators and the author see it" }),
    author: z
      .object({
        handle: z.string(),
        displayName: z.string(),
        isPaperAuthor: z.boolean().openapi({ description: "A claimed author of the paper" }),
        url: z.string(),
      })
      .nullable()
      .openapi({ description: "Null for tombstones and deleted accounts" }),
    html: z.string().nullable().openapi({ description: "The rendered, sanitised body" }),
    markdown: z
      .string()
      .nullable()
      .openapi({ description: "The source, for the caller's own comments only (to edit)" }),
    createdAt: z.string().nullable().openapi({ format: "date-time" }),
    editedAt: z.string().nullable().openapi({ format: "date-time" }),
    isMine: z.boolean().openapi({ description: "Written by the caller" }),
    actions: z
      .object({ reply: z.boolean(), edit: z.boolean(), delete: z.boolean(), report: z.boolean(), hide: z.boolean() })
      .openapi({ description: "What the caller may do with it" }),
    url: z.string(),
  })
  .openapi("Comment");

export const CommentThreadSchema = z
  .object({
    paperId: z.string(),
    numComments: z.number().int().openapi({ description: "Comments a signed-out reader sees" }),
    isAuthorParticipating: z.boolean(),
    comments: z.array(CommentSchema).openapi({
      description: "In reading order (depth first, oldest first at each level); rebuild the tree from parentId",
    }),
  })
  .openapi("CommentThread");
