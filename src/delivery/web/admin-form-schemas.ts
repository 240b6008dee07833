import { z } from "zod";
import { ROLES } from "../../core/accounts/ports.js";
import { MODERATION_REASON_MAX_CHARS } from "../../core/discussion/report-queue.js";
import { isArxivId, parseArxivId } from "../../core/papers/arxiv-id.js";
import { parseDay } from "../../lib/dates.js";

/** A page number in a query string: 1 when absent. */
export const pageQuerySchema = z.coerce.number().int().min(1).max(100_000).catch(1);

const id = (what: string) =>
  z.coerce
    .number({ error: `Missing ${what}.` })
    .int()
    .positive(`Invalid ${what}.`);

/** Every moderation action says why: the audit log keeps it. */
const reason = z
  .string({ error: "Give a reason." })
  .trim()
  .min(1, "Give a reason.")
  .max(MODERATION_REASON_MAX_CHARS, `Keep the reason under ${MODERATION_REASON_MAX_CHARS} characters.`);

export const dayField = z
  .string()
  .trim()
  .refine((d) => parseDay(d) !== null, "Give the day as YYYY-MM-DD.");

export const commentActionFormSchema = z.object({ comment_id: id("comment"), reason });

export const suspendFormSchema = z.object({ user_id: id("user"), reason });

export const roleFormSchema = z.object({
  user_id: id("user"),
  role: z.enum(ROLES, { error: `Choose a role: ${ROLES.join(", ")}.` }),
  reason,
});

export const featureFormSchema = z.object({
  paper_id: z
    .string({ error: "Give an arXiv id." })
    .trim()
    .refine(isArxivId, "That is not an arXiv id (e.g. 2501.01234).")
    .transform((value) => parseArxivId(value).id),
  /** Omitted: today (UTC). */
  day: dayField.optional(),
  /** Optional for featuring: a curator's pick needs no excuse. */
  reason: z.string().trim().max(MODERATION_REASON_MAX_CHARS).optional(),
  /** Where to go afterwards: the featured page, or the paper's own page. */
  back: z.enum(["featured", "paper"]).catch("featured"),
});

export const userSearchQuerySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  page: pageQuerySchema,
});
