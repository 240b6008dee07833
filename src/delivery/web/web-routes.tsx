import type { Context, Hono } from "hono";
import { SCHEDULE } from "../jobs/schedule.js";
import { registerAdminJobsPage } from "./admin-jobs-page.js";
import { registerAdminRoutes } from "./admin-routes.js";
import type { App } from "../../app.js";
import type { HttpEnv } from "../http/http-env.js";
import { registerAccountRoutes } from "./account-routes.js";
import { registerAuthorPage } from "./author-page.js";
import { sendNotFoundPage, sendServerErrorPage } from "./error-pages.js";
import { registerCommentRoutes } from "./comment-routes.js";
import { registerClaimRoutes } from "./claim-routes.js";
import { registerPaperRoutes } from "./paper-routes.js";
import { registerProfileRoutes } from "./profile-routes.js";
import { registerPeriodRoutes } from "./period-routes.js";
import { registerSearchAssetRoutes } from "./search-assets.js";
import { registerOpenSearchDescription } from "./search-opensearch.js";
import { registerSearchPage } from "./search-page.js";
import { registerStaticRoutes } from "./static-assets.js";
import { registerTrendingPage } from "./trending-page.js";
import { registerSubmitRoutes } from "./submit-routes.js";
import { registerSubscribeRoutes } from "./subscribe-routes.js";
import { registerDigestPreviewRoutes } from "./digest-preview-routes.js";
import { registerDigestSettingsRoutes } from "./digest-settings-routes.js";
import { registerVoteAssetRoutes } from "./vote-assets.js";
import { registerVoteFormRoutes } from "./vote-form-routes.js";

/**
 * The server-rendered site: every page is complete HTML, readable without JavaScript.
 * Order matters: the list routes under /papers/date|week|month come before the
 * /papers/* wildcard that reads paper ids, and the search assets before `/static/:name`.
 */
export function registerWebRoutes(http: Hono<HttpEnv>, app: App): void {
  registerSearchAssetRoutes(http);
  registerVoteAssetRoutes(http);
  registerStaticRoutes(http);
  registerTrendingPage(http, app);
  registerSearchPage(http, app);
  registerOpenSearchDescription(http, app);
  registerPeriodRoutes(http, app);
  registerCommentRoutes(http, app);
  registerClaimRoutes(http, app);
  registerPaperRoutes(http, app);
  registerProfileRoutes(http, app);
  registerAuthorPage(http, app);
  registerAccountRoutes(http, app);
  registerVoteFormRoutes(http, app);
  registerSubmitRoutes(http, app);
  registerSubscribeRoutes(http, app);
  registerDigestPreviewRoutes(http, app);
  registerDigestSettingsRoutes(http, app);
  registerAdminJobsPage(http, app, SCHEDULE);
  registerAdminRoutes(http, app);
}

export function renderNotFoundPage(c: Context): Response | Promise<Response> {
  return sendNotFoundPage(c);
}

export function renderServerErrorPage(c: Context): Response | Promise<Response> {
  return sendServerErrorPage(c);
}
