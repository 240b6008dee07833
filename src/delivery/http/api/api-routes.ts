import { OpenAPIHono } from "@hono/zod-openapi";
import type { App } from "../../../app.js";
import type { HttpEnv } from "../http-env.js";
import { registerClaimApiRoutes } from "./claim-api-routes.js";
import { registerCommentApiRoutes } from "./comment-api-routes.js";
import { registerHfRoutes } from "./hf-api-routes.js";
import { registerV1Routes } from "./v1-api-routes.js";
import { registerSubmissionApiRoutes } from "./submission-api-routes.js";
import { registerSubscriptionApiRoutes } from "./subscription-api-routes.js";
import { registerVoteApiRoutes } from "./vote-api-routes.js";

/**
 * Everything under /api: the native API at /api/v1 and the Hugging Face-compatible
 * endpoints beside it, described by one OpenAPI document at /api/v1/openapi.json.
 */
export function createApiRoutes(app: App): OpenAPIHono<HttpEnv> {
  const api = new OpenAPIHono<HttpEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const problems = result.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`);
        return c.json({ error: `Invalid request: ${problems.join("; ")}` }, 400);
      }
      return undefined;
    },
  });
  registerV1Routes(api, app);
  registerHfRoutes(api, app);
  registerCommentApiRoutes(api, app);
  registerClaimApiRoutes(api, app);
  registerVoteApiRoutes(api, app);
  registerSubmissionApiRoutes(api, app);
  registerSubscriptionApiRoutes(api, app);
  api.doc31("/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Paperboy API",
      version: "1",
      description:
        "Trending research papers and daily lists. /api/v1 is the native API; /api/daily_papers and /api/papers/{id} answer with Hugging Face's field names.",
    },
    servers: [{ url: `${app.config.publicUrl}/api` }],
  });
  return api;
}
