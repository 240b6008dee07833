import type { Context } from "hono";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import type { Viewer } from "../../core/accounts/viewer.js";
import type { CsrfTokens } from "../http/http-env.js";
import type { FeedLinks } from "./feed-links.js";
import { FeedIcon, LogoIcon } from "./icons.js";
import { searchAssetUrl } from "./search-assets.js";
import { HeaderSearchBox } from "./search-form.js";
import { staticAssetUrl } from "./static-assets.js";
import { ViewerChromeProvider, useViewerChrome } from "./viewer-context.js";
import { VOTES_SCRIPT_URL } from "./vote-assets.js";

export const SITE_NAME = "Paperboy";

export type NavSection = "trending" | "daily" | "weekly" | "monthly";

/** Daily, Weekly and Monthly redirect to the period holding the latest listing day. */
const NAV_ITEMS: readonly { section: NavSection; href: string; label: string }[] = [
  { section: "trending", href: "/", label: "Trending" },
  { section: "daily", href: "/papers", label: "Daily" },
  { section: "weekly", href: "/papers/week", label: "Weekly" },
  { section: "monthly", href: "/papers/month", label: "Monthly" },
];

export interface PageMeta {
  /** The page's own title; the site name is appended. */
  readonly title: string;
  readonly description?: string;
  /** Path of the page's canonical URL (made absolute with the public URL). */
  readonly canonicalPath?: string;
  readonly feeds?: FeedLinks;
  readonly nav?: NavSection;
  /** Extra <head> elements: a paper's citation and OpenGraph tags. */
  readonly head?: Child;
  /** The search shown back in the header's search box (on search results). */
  readonly searchQuery?: string;
}

export function Layout({ meta, publicUrl, children }: { meta: PageMeta; publicUrl: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${meta.title} · ${SITE_NAME}`}</title>
        {meta.description && <meta name="description" content={meta.description} />}
        {meta.canonicalPath && <link rel="canonical" href={`${publicUrl}${meta.canonicalPath}`} />}
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={staticAssetUrl("site.css")} />
        <link rel="stylesheet" href={searchAssetUrl("search.css")} />
        <link rel="icon" type="image/svg+xml" href={staticAssetUrl("favicon.svg")} />
        <link rel="search" type="application/opensearchdescription+xml" title={SITE_NAME} href="/opensearch.xml" />
        {/* A module script is deferred: the page renders first, and works without it. */}
        <script type="module" src={searchAssetUrl("search.js")}></script>
        <script type="module" src={VOTES_SCRIPT_URL}></script>
        {meta.feeds && <FeedAlternates feeds={meta.feeds} />}
        <CsrfMeta />
        {meta.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader active={meta.nav} searchQuery={meta.searchQuery} />
        <main id="main" class="container" tabindex={-1}>
          <SuspendedNotice />
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}

function SiteHeader({ active, searchQuery }: { active: NavSection | undefined; searchQuery: string | undefined }) {
  return (
    <header class="site-header">
      <div class="container">
        <a class="brand" href="/">
          <LogoIcon />
          {SITE_NAME}
        </a>
        <nav class="site-nav" aria-label="Main">
          <ul>
            {NAV_ITEMS.map((item) => (
              <li>
                <a href={item.href} aria-current={item.section === active ? "page" : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <HeaderSearchBox q={searchQuery} />
        <AccountNav />
      </div>
    </header>
  );
}

/** "Log in · Sign up", or the viewer's name, settings and a sign-out button (a form: no script). */
function AccountNav() {
  const { viewer, csrfToken } = useViewerChrome();
  if (viewer === null || csrfToken === null) {
    return (
      <nav class="account-nav" aria-label="Account">
        <a href="/login">Log in</a>
        <a href="/signup">Sign up</a>
      </nav>
    );
  }
  return (
    <nav class="account-nav" aria-label="Account">
      <a href="/submit">Submit</a>
      <a href="/settings" title={`Signed in as @${viewer.handle}`}>
        {viewer.displayName}
      </a>
      <form method="post" action="/logout" class="inline-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="link-button">
          Log out
        </button>
      </form>
    </nav>
  );
}

/** A suspended account still reads everything; it is told, on every page, why its forms refuse. */
function SuspendedNotice() {
  const { viewer } = useViewerChrome();
  if (!viewer?.suspended) return null;
  return (
    <p class="notice notice-error" role="status">
      Your account is suspended: you can read, but not comment, vote or submit papers.
    </p>
  );
}

/** Scripts that post with the session read the CSRF token here (X-CSRF-Token header). */
function CsrfMeta() {
  const { csrfToken } = useViewerChrome();
  return csrfToken === null ? null : <meta name="csrf-token" content={csrfToken} />;
}

function SiteFooter() {
  return (
    <footer class="site-footer">
      <div class="container">
        <p>{SITE_NAME} is an open-source hub for trending research papers. Papers link to arXiv, which hosts them.</p>
        <p>
          <a href="/feeds/trending.rss">Trending feed</a> · <a href="/api/v1/openapi.json">API</a>
        </p>
      </div>
    </footer>
  );
}

function FeedAlternates({ feeds }: { feeds: FeedLinks }) {
  return (
    <>
      <link rel="alternate" type="application/rss+xml" title={`${feeds.title} (RSS)`} href={feeds.rss} />
      <link rel="alternate" type="application/atom+xml" title={`${feeds.title} (Atom)`} href={feeds.atom} />
      <link rel="alternate" type="application/feed+json" title={`${feeds.title} (JSON Feed)`} href={feeds.json} />
    </>
  );
}

/** The visible counterpart of the <head> feed links, beside a list's heading. */
export function FeedBadges({ feeds }: { feeds: FeedLinks }) {
  return (
    <p class="feed-links">
      <a href={feeds.rss}>
        <FeedIcon />
        RSS
      </a>
      <a href={feeds.atom}>Atom</a>
      <a href={feeds.json}>JSON Feed</a>
    </p>
  );
}

/** A list page's heading block: h1, a line of context and its feeds. */
export function PageHead({ title, lede, feeds }: { title: Child; lede?: Child; feeds?: FeedLinks }) {
  return (
    <div class="page-head">
      <div>
        <h1>{title}</h1>
        {lede && <p>{lede}</p>}
      </div>
      {feeds && <FeedBadges feeds={feeds} />}
    </div>
  );
}

export type PageStatus = 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503;

/**
 * Sends a page as HTML, with the viewer known to its header. Cache-Control is left to
 * the server's page middleware (signed-in answers are private, no-store).
 */
export function sendPage(c: Context, page: Child, status: PageStatus = 200) {
  const viewer = (c.get("viewer") as Viewer | null | undefined) ?? null;
  const csrf = c.get("csrf") as CsrfTokens | undefined;
  const chrome = { viewer, csrfToken: viewer?.via === "session" && csrf ? csrf.token() : null };
  return c.html(html`<!DOCTYPE html>${(<ViewerChromeProvider value={chrome}>{page}</ViewerChromeProvider>)}`, status);
}
