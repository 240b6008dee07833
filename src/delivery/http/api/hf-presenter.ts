import type { ListedPaper } from "../../../core/listings/listings-service.js";
import type { DailyListing, Paper } from "../../../core/papers/paper.js";
import { toObjectId } from "./object-id.js";

/**
 * Shapes of Hugging Face's papers API, field for field (../shared/research/hf-api.md), so
 * huggingface_hub, hf-mcp-server and RSSHub parse our answers unchanged.
 * Note the trap HF itself has: a daily item's top-level `publishedAt` is the listing
 * time, while `paper.publishedAt` is the arXiv publication time.
 */
export interface HfUser {
  _id: string;
  avatarUrl: string;
  fullname: string;
  isPro: boolean;
  name: string;
  user: string;
  type: "user";
}

export function presentHfUser(username: string, publicUrl: string): HfUser {
  return {
    _id: toObjectId("user", username),
    avatarUrl: `${publicUrl}/static/avatar.svg`,
    fullname: username,
    isPro: false,
    name: username,
    user: username,
    type: "user",
  };
}

export function presentHfPaper(paper: Paper, listing: DailyListing | null, publicUrl: string) {
  return {
    id: paper.id,
    authors: paper.authors.map((name, i) => ({
      _id: toObjectId("author", `${paper.id}#${i}`),
      name,
      hidden: false,
    })),
    discussionId: toObjectId("discussion", paper.id),
    publishedAt: paper.publishedAt,
    title: paper.title,
    summary: paper.abstract,
    upvotes: paper.upvotes,
    ...(paper.aiSummary ? { ai_summary: paper.aiSummary } : {}),
    ai_keywords: [...paper.aiKeywords],
    ...(paper.githubRepo ? { githubRepo: `https://github.com/${paper.githubRepo}` } : {}),
    ...(paper.githubStars !== null ? { githubStars: paper.githubStars } : {}),
    ...(paper.projectPage ? { projectPage: paper.projectPage } : {}),
    ...(listing
      ? {
          submittedOnDailyAt: listing.submittedAt,
          ...(listing.submittedBy ? { submittedOnDailyBy: presentHfUser(listing.submittedBy, publicUrl) } : {}),
        }
      : {}),
  };
}

/** HF's per-paper discussion fields, from `app.discussion.summarizeDiscussions` (one batch per answer). */
export interface HfDiscussionSummary {
  readonly numComments: number;
  readonly isAuthorParticipating: boolean;
}

export const NO_DISCUSSION: HfDiscussionSummary = { numComments: 0, isAuthorParticipating: false };

/** `GET /api/papers/{id}`: the flat paper, plus the linked-repository fields HF adds. */
export function presentHfPaperInfo(
  paper: Paper,
  firstListing: DailyListing | null,
  publicUrl: string,
  discussion: HfDiscussionSummary = NO_DISCUSSION,
) {
  return {
    ...presentHfPaper(paper, firstListing, publicUrl),
    numComments: discussion.numComments,
    isAuthorParticipating: discussion.isAuthorParticipating,
    linkedModels: [],
    numTotalModels: 0,
    linkedDatasets: [],
    numTotalDatasets: 0,
    linkedSpaces: [],
    numTotalSpaces: 0,
  };
}

/** One element of `GET /api/daily_papers`. */
export function presentHfDailyItem(
  { listing, paper }: Pick<ListedPaper, "listing" | "paper">,
  publicUrl: string,
  discussion: HfDiscussionSummary = NO_DISCUSSION,
) {
  return {
    paper: presentHfPaper(paper, listing, publicUrl),
    publishedAt: listing.submittedAt,
    title: paper.title,
    summary: paper.abstract,
    thumbnail: `${publicUrl}/papers/${paper.id}/thumbnail.svg`,
    numComments: discussion.numComments,
    isAuthorParticipating: discussion.isAuthorParticipating,
    submittedBy: presentHfUser(listing.submittedBy ?? "paperboy", publicUrl),
    mediaUrls: [],
  };
}
