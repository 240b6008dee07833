import type { Context, Hono } from "hono";
import type { App } from "../../app.js";
import { arxivAbsUrl } from "../../core/papers/paper.js";
import type { PaperDetails } from "../../core/papers/papers-service.js";
import type { HttpEnv } from "../http/http-env.js";
import { sendNotFoundPage } from "./error-pages.js";
import { type PageStatus, sendPage } from "./layout.js";
import { pageHandler } from "./page-handler.js";
import { renderBibtex } from "./paper-bibtex.js";
import { renderMarkdown } from "./paper-markdown.js";
import { PaperPage } from "./paper-page.js";
import { type PaperFormat, parsePaperPath } from "./paper-path.js";
import { renderPaperThumbnail } from "./paper-thumbnail.js";
import { paperPath } from "./paths.js";
import { findSimilarPapers } from "./search-similar.js";
import { type FailedCommentForm, loadDiscussionView } from "./comment-view.js";
import { PaperDiscussionProvider } from "./paper-discussion-context.js";
import { PaperClaimsProvider, loadPaperClaimsView } from "./paper-claims-view.js";
import { withVoteStates } from "./vote-states.js";

const PAPERS_PREFIX = "/papers/";

/**
 * `/papers/{id}` and its `.bib`, `.md` and `/thumbnail.svg` forms. One wildcard route reads
 * the id itself because old-style ids contain a slash (`/papers/hep-th/9901001`). Must be
 * registered after the list routes under `/papers/date|week|month`.
 */
export function registerPaperRoutes(http: Hono<HttpEnv>, app: App): void {
  http.get(
    "/papers/*",
    pageHandler(async (c) => {
      const rest = c.req.path.slice(PAPERS_PREFIX.length);
      if (rest === "") return c.redirect("/papers", 301);
      const request = parsePaperPath(rest);
      // One URL per paper: versions, prefixes and URL forms all lead to the canonical one.
      if (c.req.path !== request.canonicalPath) return c.redirect(request.canonicalPath, 301);
      if (request.format === "page") return sendPaperPage(c, app, request.id);
      const details = await app.papers.getPaperDetails(request.id);
      if (!details) return sendUnknownPaper(c, request.id);
      return sendPaper(c, details, request.format, app.config.publicUrl);
    }),
  );
}

/**
 * The paper's page with its discussion; the comment and authorship routes send it again with
 * a refused form (its reason) and its status.
 */
export async function sendPaperPage(
  c: Context<HttpEnv>,
  app: App,
  paperId: string,
  failed: FailedCommentForm | null = null,
  status: PageStatus = 200,
  claimProblem: string | null = null,
): Promise<Response> {
  const details = await app.papers.getPaperDetails(paperId);
  if (!details) return sendUnknownPaper(c, paperId);
  const similar = await findSimilarPapers(app, details.paper.id);
  const discussion = await loadDiscussionView(c, app, details.paper.id, failed);
  const claims = await loadPaperClaimsView(c, app, details.paper, claimProblem);
  const page = (
    <PaperClaimsProvider value={claims}>
      <PaperDiscussionProvider value={discussion}>
        <PaperPage details={details} publicUrl={app.config.publicUrl} similar={similar} />
      </PaperDiscussionProvider>
    </PaperClaimsProvider>
  );
  return sendPage(c, await withVoteStates(c, app, [details.paper.id], page), status);
}

function sendPaper(
  c: Context<HttpEnv>,
  details: PaperDetails,
  format: Exclude<PaperFormat, "page">,
  publicUrl: string,
) {
  const { paper } = details;
  const fileName = paper.id.replace("/", "-");
  switch (format) {
    case "bibtex":
      return c.body(renderBibtex(paper), 200, {
        "Content-Type": "text/x-bibtex; charset=utf-8",
        "Content-Disposition": `inline; filename="${fileName}.bib"`,
      });
    case "markdown":
      return c.body(renderMarkdown(paper, `${publicUrl}${paperPath(paper.id)}`), 200, {
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": `inline; filename="${fileName}.md"`,
      });
    case "thumbnail":
      return c.body(renderPaperThumbnail(paper), 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
  }
}

function sendUnknownPaper(c: Context<HttpEnv>, id: string) {
  return sendNotFoundPage(
    c,
    `This hub has no paper ${id}. It may be too new, too old, or outside the categories this hub imports.`,
    <p>
      <a href={arxivAbsUrl(id)}>Look for {id} on arXiv</a>
    </p>,
  );
}
