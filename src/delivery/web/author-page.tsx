import type { Hono } from "hono";
import type { App } from "../../app.js";
import type { Paper } from "../../core/papers/paper.js";
import { formatDay } from "../../lib/dates.js";
import type { HttpEnv } from "../http/http-env.js";
import { sendNotFoundPage } from "./error-pages.js";
import { plural } from "./format.js";
import { Layout, PageHead, sendPage } from "./layout.js";
import { pageHandler } from "./page-handler.js";
import { PageInputError } from "./page-input-error.js";
import { Pagination } from "./pagination.js";
import { EmptyState, PaperList } from "./paper-list.js";
import { authorPath } from "./paths.js";
import { PAGE_SIZE, listHref, pageCount, parsePageParam } from "./web-query.js";
import { withVoteStates } from "./vote-states.js";

/** Longer is not a name: the import format caps fields, and a URL this long is a mistake. */
const MAX_AUTHOR_NAME_CHARS = 300;

/** `/authors/{name}`: every paper listing the author (exact name, any case), newest first. */
export function registerAuthorPage(http: Hono<HttpEnv>, app: App): void {
  http.get(
    "/authors/:name",
    pageHandler(async (c) => {
      const name = (c.req.param("name") ?? "").trim();
      if (name.length > MAX_AUTHOR_NAME_CHARS) {
        throw new PageInputError(`An author name is at most ${MAX_AUTHOR_NAME_CHARS} characters long.`);
      }
      const page = parsePageParam(c.req.query());
      const result = await app.papers.listPapersByAuthor(name, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
      if (result.total === 0) {
        return sendNotFoundPage(c, `This hub has no papers by an author named “${name}”.`);
      }
      // The name as the papers spell it, not as the URL cased it.
      const spelled = result.items[0]?.authors.find((a) => a.toLowerCase() === name.toLowerCase()) ?? name;
      const body = (
        <AuthorPage
          name={spelled}
          papers={result.items}
          total={result.total}
          page={page}
          today={formatDay(app.now())}
          publicUrl={app.config.publicUrl}
        />
      );
      const paperIds = result.items.map((paper) => paper.id);
      return sendPage(c, await withVoteStates(c, app, paperIds, body), result.items.length === 0 ? 404 : 200);
    }),
  );
}

interface AuthorPageProps {
  readonly name: string;
  readonly papers: readonly Paper[];
  readonly total: number;
  readonly page: number;
  readonly today: string;
  readonly publicUrl: string;
}

function AuthorPage({ name, papers, total, page, today, publicUrl }: AuthorPageProps) {
  const path = authorPath(name);
  const meta = {
    title: `Papers by ${name}`,
    description: `${plural(total, "paper")} by ${name} in this hub, newest first.`,
    canonicalPath: listHref(path, page),
  };
  return (
    <Layout meta={meta} publicUrl={publicUrl}>
      <PageHead title={name} lede={`${plural(total, "paper")} in this hub, newest first.`} />
      {papers.length > 0 ? (
        <PaperList items={papers.map((paper) => ({ paper, ranked: null }))} asOf={today} label={`Papers by ${name}`} />
      ) : (
        <EmptyState title={`There is no page ${page}`}>
          <p>
            <a href={path}>Go to the first page</a>
          </p>
        </EmptyState>
      )}
      <Pagination page={page} pages={pageCount(total)} hrefFor={(p) => listHref(path, p)} />
    </Layout>
  );
}
