import { primaryCategory } from "../../core/papers/paper.js";
import type { SearchHit } from "../../core/search/search-types.js";
import { AuthorLinks } from "./author-links.js";
import { formatTimestampDay, plural } from "./format.js";
import { UpvoteIcon } from "./icons.js";
import { MathText } from "./math-text.js";
import { CardLinks } from "./paper-card.js";
import { paperPath } from "./paths.js";
import { HighlightedText } from "./search-highlight.js";

/** Characters of abstract on a hit without a highlighted passage (a semantic-only hit). */
const SNIPPET_CHARS = 300;
/** Authors named on a card before "+N more". */
const CARD_AUTHORS = 5;

/**
 * One search result: a paper card (the classes of paper-card.tsx) whose title and abstract
 * passage show the matched words in <mark>. A paper found only by meaning has no matched
 * words; it says so, quietly, instead.
 */
export function SearchHitCard({ hit }: { hit: SearchHit }) {
  const { paper, highlight } = hit;
  const href = paperPath(paper.id);
  const category = primaryCategory(paper);
  const byMeaningOnly = !hit.matchedBy.includes("keyword");
  return (
    <article class="card search-hit">
      <div class="card-body">
        <p class="card-meta">
          <time datetime={paper.publishedAt.slice(0, 10)}>{formatTimestampDay(paper.publishedAt)}</time>
          {category && <span class="chip">{category}</span>}
          {paper.upvotes > 0 && (
            <span class="upvotes">
              <UpvoteIcon />
              {plural(paper.upvotes, "upvote")}
            </span>
          )}
          {byMeaningOnly && <span class="match-note">related by meaning</span>}
        </p>
        <h2 class="card-title">
          <a href={href}>
            {highlight ? <HighlightedText segments={highlight.title} /> : <MathText text={paper.title} />}
          </a>
        </h2>
        {paper.authors.length > 0 && (
          <p class="authors">
            <span class="sr-only">Authors: </span>
            <AuthorLinks authors={paper.authors} max={CARD_AUTHORS} moreHref={`${href}#authors`} />
          </p>
        )}
        {highlight && highlight.abstract.length > 0 ? (
          <p class="abstract-snippet">
            <HighlightedText segments={highlight.abstract} />
          </p>
        ) : (
          paper.abstract && (
            <p class="abstract-snippet">
              <MathText text={paper.abstract} maxChars={SNIPPET_CHARS} />
            </p>
          )
        )}
        <CardLinks paper={paper} />
      </div>
    </article>
  );
}
