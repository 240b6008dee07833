import type { Paper } from "../../core/papers/paper.js";
import { arxivAbsUrl, arxivPdfUrl } from "../../core/papers/paper.js";
import type { PaperDetails } from "../../core/papers/papers-service.js";
import { CuratorFeatureForm } from "./admin-feature-form.js";
import { formatCompactCount, formatTimestampDay } from "./format.js";
import { CodeIcon, DocumentIcon, LinkIcon, StarIcon } from "./icons.js";
import { Layout } from "./layout.js";
import { MathText } from "./math-text.js";
import { CodeSection, ListingsSection, PageRankSection } from "./paper-activity.js";
import { CitationMetaTags, SocialMetaTags } from "./paper-meta-tags.js";
import { PaperDiscussionSection } from "./paper-discussion.js";
import { ClaimAuthorshipBox, PaperAuthorLinks } from "./paper-authorship.js";
import { doiUrl, githubUrl, paperPath, safeHttpUrl } from "./paths.js";
import { type SimilarPaperList, SimilarPapersSection } from "./search-similar.js";
import { splitTex, texToPlainText, truncatePlainText } from "./tex-segments.js";
import { VoteButton } from "./vote-button.js";

/** Length of the description link previews and search results show. */
const DESCRIPTION_CHARS = 300;

export function PaperPage({
  details,
  publicUrl,
  similar = [],
}: {
  details: PaperDetails;
  publicUrl: string;
  /** Papers close in meaning (or words), from search. */
  similar?: SimilarPaperList;
}) {
  const { paper } = details;
  const url = `${publicUrl}${paperPath(paper.id)}`;
  const title = texToPlainText(splitTex(paper.title));
  const description = truncatePlainText(texToPlainText(splitTex(paper.abstract)), DESCRIPTION_CHARS);
  const head = (
    <>
      <CitationMetaTags paper={paper} url={url} />
      <SocialMetaTags title={title} description={description} url={url} />
    </>
  );
  return (
    <Layout meta={{ title, description, canonicalPath: paperPath(paper.id), head }} publicUrl={publicUrl}>
      <article class="paper" aria-labelledby="paper-title">
        <PaperHeader paper={paper} />
        {paper.aiSummary && (
          <section class="ai-summary" aria-labelledby="ai-summary-heading">
            <h2 id="ai-summary-heading">AI-generated summary (from Hugging Face)</h2>
            <p>{paper.aiSummary}</p>
          </section>
        )}
        <section aria-labelledby="abstract-heading">
          <h2 id="abstract-heading">Abstract</h2>
          {paper.abstract ? (
            <p class="abstract">
              <MathText text={paper.abstract} />
            </p>
          ) : (
            <p class="muted">This hub has no abstract for this paper: read it on arXiv.</p>
          )}
        </section>
        <PaperFacts paper={paper} />
        <CodeSection paper={paper} starHistory={details.starHistory} />
        <ListingsSection listings={details.listings} />
        <CuratorFeatureForm paperId={paper.id} />
        <PageRankSection pageRanks={details.pageRanks} />
        <SimilarPapersSection similar={similar} />
        <PaperDiscussionSection />
      </article>
    </Layout>
  );
}

function PaperHeader({ paper }: { paper: Paper }) {
  return (
    <header>
      <p class="card-meta paper-meta">
        <span class="mono">arXiv:{paper.id}</span>
        {paper.categories.map((c, i) => (
          <span class="chip" title={i === 0 ? "Primary category" : undefined}>
            {c}
          </span>
        ))}
      </p>
      <h1 id="paper-title">
        <MathText text={paper.title} />
      </h1>
      {paper.authors.length > 0 && (
        <p class="authors" id="authors">
          <span class="sr-only">Authors: </span>
          <PaperAuthorLinks authors={paper.authors} />
        </p>
      )}
      {paper.authors.length > 0 && <ClaimAuthorshipBox />}
      <p class="muted">
        Published <time datetime={paper.publishedAt}>{formatTimestampDay(paper.publishedAt)}</time>
        {paper.updatedAt !== paper.publishedAt && (
          <>
            {" · updated "}
            <time datetime={paper.updatedAt}>{formatTimestampDay(paper.updatedAt)}</time>
          </>
        )}
        {` · version ${paper.version}`}
      </p>
      <VoteButton paper={paper} />
      <PaperActions paper={paper} />
    </header>
  );
}

/** Links out: the paper itself stays on arXiv (never re-hosted), plus citation exports. */
function PaperActions({ paper }: { paper: Paper }) {
  const path = paperPath(paper.id);
  const projectPage = safeHttpUrl(paper.projectPage);
  return (
    <p class="actions">
      <a class="primary" href={arxivAbsUrl(paper.id)}>
        <DocumentIcon />
        arXiv page
      </a>
      <a href={arxivPdfUrl(paper.id)}>PDF</a>
      {paper.githubRepo && (
        <a href={githubUrl(paper.githubRepo)}>
          <CodeIcon />
          Code
          {paper.githubStars !== null && (
            <span class="stars">
              <StarIcon />
              {formatCompactCount(paper.githubStars)}
              <span class="sr-only"> stars</span>
            </span>
          )}
        </a>
      )}
      {projectPage && (
        <a href={projectPage}>
          <LinkIcon />
          Project page
        </a>
      )}
      <a href={`${path}.bib`} type="text/x-bibtex">
        BibTeX
      </a>
      <a href={`${path}.md`} type="text/markdown">
        Markdown
      </a>
    </p>
  );
}

/** The arXiv record's remaining fields, shown only when known. */
function PaperFacts({ paper }: { paper: Paper }) {
  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <dl class="facts panel">
        <dt>arXiv id</dt>
        <dd>
          <a href={arxivAbsUrl(paper.id)}>{paper.id}</a> (version {paper.version})
        </dd>
        <dt>Categories</dt>
        <dd>{paper.categories.length > 0 ? paper.categories.join(", ") : "none given"}</dd>
        <dt>Published</dt>
        <dd>{formatTimestampDay(paper.publishedAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatTimestampDay(paper.updatedAt)}</dd>
        {paper.comments && (
          <>
            <dt>Comments</dt>
            <dd>{paper.comments}</dd>
          </>
        )}
        {paper.doi && (
          <>
            <dt>DOI</dt>
            <dd>
              <a href={doiUrl(paper.doi)}>{paper.doi}</a>
            </dd>
          </>
        )}
        {paper.journalRef && (
          <>
            <dt>Journal reference</dt>
            <dd>{paper.journalRef}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
