import { z } from "zod";
import { AUTHOR_NAME_MAX_CHARS } from "../../core/discussion/author-claim-rules.js";
import { MODERATION_REASON_MAX_CHARS } from "../../core/discussion/report-queue.js";

/**
 * The authorship forms as posted (HTML field names). Which names a paper lists is the
 * core's check (author-claim-rules.ts), which words its refusal; here only the shape.
 */

export const authorField = z
  .string({ error: "Choose which of the paper's authors you are." })
  .trim()
  .min(1, "Choose which of the paper's authors you are.")
  .max(AUTHOR_NAME_MAX_CHARS, `An author name is at most ${AUTHOR_NAME_MAX_CHARS} characters.`);

export const claimFormSchema = z.object({ author: authorField });

/** Which claims /admin/claims lists. */
export const claimListQuerySchema = z.enum(["pending", "approved", "rejected", "withdrawn"]).catch("pending");

/** A reviewer's decision on /admin/claims: rejecting needs a reason (the core says so), approving may have one. */
export const claimReviewFormSchema = z.object({
  /** The list the form was on, to go back to. */
  back: claimListQuerySchema,
  claim_id: z.coerce
    .number({ error: "Missing claim." })
    .int()
    .positive("Invalid claim.")
    .max(Number.MAX_SAFE_INTEGER, "Invalid claim."),
  reason: z
    .string()
    .trim()
    .max(MODERATION_REASON_MAX_CHARS, `Keep the reason under ${MODERATION_REASON_MAX_CHARS} characters.`)
    .optional(),
});
