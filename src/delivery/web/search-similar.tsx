import type { App } from "../../app.js";
import { primaryCategory } from "../../core/papers/paper.js";
import type { SimilarPapers } from "../../core/search/search-types.js";
import { formatTimestampDay } from "./format.js";
import { MathText } from "./math-text.js";
import { paperPath } from "./paths.js";

/** Papers in a paper page's "Similar papers" section. */
export const SIMILAR_PAPERS_SHOWN = 5;

export type SimilarPaperList = SimilarPapers["similar"];

/**
 * The papers closest to this one, for its page. The section is an extra: when search
 * fails, the page is still sent, without it, and the failure is logged.
 */
export async function findSimilarPapers(app: App, paperId: string): Promise<SimilarPaperList> {
  try {
    return (await app.search.similar(paperId, SIMILAR_PAPERS_SHOWN))?.similar ?? [];
  } catch (error) {
    app.logger.warn({ paperId, err: { message: (error as Error).message } }, "similar papers failed");
    return [];
  }
}

export function SimilarPapersSection({ similar }: { similar: SimilarPaperList }) {
  if (similar.length === 0) return null;
  return (
    <section class="similar" aria-labelledby="similar-heading">
      <h2 id="similar-heading">Similar papers</h2>
      <ul class="similar-list">
        {similar.map(({ paper }) => {
          const category = primaryCategory(paper);
          return (
            <li>
              <a href={paperPath(paper.id)}>
                <MathText text={paper.title} maxChars={Number.POSITIVE_INFINITY} />
              </a>
              <span class="similar-meta">
                {paper.authors[0] && <>{paper.authors.length > 1 ? `${paper.authors[0]} et al.` : paper.authors[0]}</>}
                {paper.authors[0] && " · "}
                <time datetime={paper.publishedAt.slice(0, 10)}>{formatTimestampDay(paper.publishedAt)}</time>
                {category && <span class="chip">{category}</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
