import { z } from "zod";
import { REPORT_REASONS } from "../../core/discussion/report-reasons.js";

/**
 * The comment forms as posted (HTML field names). The body's content rules (empty, too
 * long) are the core's (comment-body.ts), which words them; here only the shape is checked.
 */

const commentIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const bodySchema = z.string({ error: "The form has no comment text. Reload the page and try again." });

export const newCommentFormSchema = z.object({
  body: bodySchema,
  /** Present on reply forms: the comment answered. */
  parent_id: z
    .union([z.literal(""), commentIdSchema])
    .optional()
    .transform((v) => (v === "" || v === undefined ? null : v)),
});

export const editCommentFormSchema = z.object({ body: bodySchema });

export const reportCommentFormSchema = z.object({
  reason: z.enum(REPORT_REASONS, { error: `Choose a reason: ${REPORT_REASONS.join(", ")}.` }),
  note: z.string().max(2_000, "The note is at most 500 characters.").optional(),
});

/** The action in `/papers/{id}/comments/{commentId}/{action}`. */
export const commentActionParamsSchema = z.object({
  commentId: commentIdSchema,
  action: z.enum(["edit", "delete", "report", "hide", "unhide"]),
});
export type CommentAction = z.output<typeof commentActionParamsSchema>["action"];
