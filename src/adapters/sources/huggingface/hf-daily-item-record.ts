import { z } from "zod";
import { normalizeGithubRepo } from "../../../core/papers/github-repo.js";
import type { Paper } from "../../../core/papers/paper.js";
import { formatDay, toIsoTimestamp } from "../../../lib/dates.js";

/**
 * One element of Hugging Face's `GET /api/daily_papers` reply, and the import record
 * (docs/import-format.md) it becomes. Field names are HF's, exactly, as read by
 * huggingface_hub (`HfApi.list_daily_papers`, `PaperInfo`) and as named in the SDK
 * generated from HF's OpenAPI spec.
 * @see https://huggingface-openapi.hf.space/#tag/papers
 * @see https://github.com/huggingface/huggingface_hub/blob/main/src/huggingface_hub/hf_api.py (PaperInfo)
 *
 * Only what the hub keeps is checked; other fields may change freely. HF's `numComments`
 * is dropped: the hub has no place for comment counts yet (the comments issue).
 */
const HfUserSchema = z.object({
  name: z.string().nullish(),
  // Older replies, and huggingface_hub, name the username `user`.
  user: z.string().nullish(),
});

const HfPaperSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  summary: z.string().nullish(),
  authors: z.array(z.object({ name: z.string() })).nullish(),
  // The arXiv publication time; the item's own publishedAt is its Daily Papers time.
  publishedAt: z.string(),
  upvotes: z.number().int().nonnegative().nullish(),
  ai_summary: z.string().nullish(),
  ai_keywords: z.array(z.string()).nullish(),
  githubRepo: z.string().nullish(),
  githubStars: z.number().int().nonnegative().nullish(),
  projectPage: z.string().nullish(),
  submittedOnDailyAt: z.string().nullish(),
  submittedOnDailyBy: HfUserSchema.nullish(),
});

export const HfDailyItemSchema = z.object({
  paper: HfPaperSchema,
  /** When the paper was put on Daily Papers. */
  publishedAt: z.string().nullish(),
  submittedBy: HfUserSchema.nullish(),
});

export type HfDailyItem = z.infer<typeof HfDailyItemSchema>;

/**
 * The import record for one daily item. It is listed on the day of its own Daily Papers
 * time (the item's `publishedAt`), falling back to `requestedDay`: the HF page snaps a
 * day without papers back to the previous one, and should the API do the same, Friday's
 * papers must not be listed again on Saturday. `stored` is the hub's copy of the paper, if any: HF knows no
 * categories, comments, DOI or versions, and an import record replaces the stored paper
 * whole, so those are carried over from it; arXiv's title, abstract, authors and dates
 * stay as they are, and HF adds what it owns (upvotes, AI summary and keywords, links).
 * `stars` is dated by readPaperRecord's observation day: HF's `githubStars` is the count
 * at the time of the request, whatever day is being fetched.
 */
export function toHfImportRecord(
  item: HfDailyItem,
  requestedDay: string,
  stored: Paper | null,
): Record<string, unknown> {
  const p = item.paper;
  const submittedAt = firstTimestamp(item.publishedAt, p.submittedOnDailyAt);
  // An optional link HF got wrong must not cost the paper its listing: it is left out.
  const githubRepo = normalizeGithubRepo(p.githubRepo);
  const projectPage = p.projectPage && /^https?:\/\/\S+$/i.test(p.projectPage) ? p.projectPage : null;
  return {
    id: stored ? `${stored.id}v${stored.version}` : p.id,
    title: stored?.title ?? p.title,
    abstract: stored?.abstract ?? p.summary ?? "",
    authors: stored?.authors ?? (p.authors ?? []).map((a) => a.name),
    categories: stored?.categories ?? [],
    published: stored?.publishedAt ?? p.publishedAt,
    updated: stored?.updatedAt ?? p.publishedAt,
    comments: stored?.comments ?? null,
    doi: stored?.doi ?? null,
    journal_ref: stored?.journalRef ?? null,
    github_repo: githubRepo ?? stored?.githubRepo ?? null,
    ...(githubRepo && p.githubStars != null ? { stars: p.githubStars } : {}),
    project_page: projectPage ?? stored?.projectPage ?? null,
    ai_summary: p.ai_summary ?? stored?.aiSummary ?? null,
    ai_keywords: p.ai_keywords ?? stored?.aiKeywords ?? [],
    upvotes: p.upvotes ?? 0,
    daily_listings: [
      {
        date: submittedAt ? formatDay(new Date(submittedAt)) : requestedDay,
        submitted_at: submittedAt ?? `${requestedDay}T00:00:00.000Z`,
        submitted_by: usernameOf(item.submittedBy) ?? usernameOf(p.submittedOnDailyBy),
      },
    ],
  };
}

function firstTimestamp(...values: (string | null | undefined)[]): string | null {
  for (const value of values) {
    const iso = value ? toIsoTimestamp(value) : null;
    if (iso) return iso;
  }
  return null;
}

function usernameOf(user: z.infer<typeof HfUserSchema> | null | undefined): string | null {
  return user?.name || user?.user || null;
}
