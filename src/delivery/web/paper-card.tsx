import type { Paper } from "../../core/papers/paper.js";
import { arxivAbsUrl, arxivPdfUrl, primaryCategory } from "../../core/papers/paper.js";
import type { RankedPaper } from "../../core/ranking/trending-service.js";
import { explainTrending } from "../../core/ranking/trending-explanation.js";
import { daysBetween } from "../../lib/dates.js";
import { AuthorLinks } from "./author-links.js";
import { formatCompactCount, formatTimestampDay } from "./format.js";
import { DocumentIcon, StarIcon, TrendIcon } from "./icons.js";
import { MathText } from "./math-text.js";
import { githubUrl, paperPath } from "./paths.js";
import { profilePath } from "./profile-path.js";
import { VoteButton } from "./vote-button.js";

/** Characters of abstract on a card: about three lines at desktop width. */
const SNIPPET_CHARS = 300;
/** Authors named on a card before "+N more". */
const CARD_AUTHORS = 5;
/** A paper published this many days before the list's day, or fewer, is marked "New". */
const NEW_BADGE_MAX_AGE_DAYS = 3;

export interface PaperCardProps {
  readonly paper: Paper;
  /** The paper's trending score on the list's day, for the "why trending" line. */
  readonly ranked: RankedPaper | null;
  /** The day the list is for (`YYYY-MM-DD`). */
  readonly asOf: string;
  /** Position on a ranked list, 1-based. */
  readonly rank?: number;
  /** Handle of the curator who featured it on this list's day. */
  readonly featuredBy?: string | null;
  /** Handle of who put the paper on the list (daily lists only). */
  readonly submittedBy?: string | null;
}

export function isNewOn(paper: Pick<Paper, "publishedAt">, day: string): boolean {
  const age = daysBetween(paper.publishedAt.slice(0, 10), day);
  return age >= 0 && age <= NEW_BADGE_MAX_AGE_DAYS;
}

export function PaperCard({ paper, ranked, asOf, rank, featuredBy = null, submittedBy = null }: PaperCardProps) {
  const href = paperPath(paper.id);
  const category = primaryCategory(paper);
  const why = ranked ? explainTrending(ranked.score, ranked.signals.pageRanks).join(" · ") : null;
  return (
    <article class={rank === undefined ? "card" : "card ranked"}>
      {rank !== undefined && (
        <p class="rank">
          <span class="sr-only">Rank </span>
          {rank}
        </p>
      )}
      <div class="card-body">
        <p class="card-meta">
          {isNewOn(paper, asOf) && <span class="badge badge-new">New</span>}
          {featuredBy && <span class="badge badge-featured">{`Featured by ${featuredBy}`}</span>}
          <time datetime={paper.publishedAt.slice(0, 10)}>{formatTimestampDay(paper.publishedAt)}</time>
          {category && <span class="chip">{category}</span>}
        </p>
        <h2 class="card-title">
          <a href={href}>
            <MathText text={paper.title} />
          </a>
        </h2>
        {paper.authors.length > 0 && (
          <p class="authors">
            <span class="sr-only">Authors: </span>
            <AuthorLinks authors={paper.authors} max={CARD_AUTHORS} moreHref={`${href}#authors`} />
          </p>
        )}
        {paper.abstract && (
          <p class="abstract-snippet">
            <MathText text={paper.abstract} maxChars={SNIPPET_CHARS} />
          </p>
        )}
        {submittedBy && (
          <p class="submitted-by">
            Submitted by <a href={profilePath(submittedBy)}>{submittedBy}</a>
          </p>
        )}
        {why && (
          <p class="why">
            <TrendIcon />
            <span class="sr-only">Why it is trending: </span>
            {why}
          </p>
        )}
        <div class="card-foot">
          <CardLinks paper={paper} />
          <VoteButton paper={paper} />
        </div>
      </div>
    </article>
  );
}

/** The repository (with stars), arXiv and PDF links under a paper's card; search hits use it too. */
export function CardLinks({ paper }: { paper: Paper }) {
  return (
    <p class="card-links">
      {paper.githubRepo && (
        <a class="stars" href={githubUrl(paper.githubRepo)}>
          <StarIcon />
          {paper.githubStars !== null && formatCompactCount(paper.githubStars)}
          <span class="sr-only">{paper.githubStars !== null && " stars, "}code on GitHub: </span>
          <span class="mono">{paper.githubRepo}</span>
        </a>
      )}
      <a href={arxivAbsUrl(paper.id)}>
        <DocumentIcon />
        arXiv
      </a>
      <a href={arxivPdfUrl(paper.id)}>PDF</a>
    </p>
  );
}
