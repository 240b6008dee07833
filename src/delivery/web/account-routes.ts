import type { Hono } from "hono";
import type { App } from "../../app.js";
import type { HttpEnv } from "../http/http-env.js";
import { registerAuthRoutes } from "./auth-routes.js";
import { registerSettingsRoutes } from "./settings-routes.js";

/** Every account page: sign-up, sign-in, mail links, settings, sessions, API tokens. */
export function registerAccountRoutes(http: Hono<HttpEnv>, app: App): void {
  registerAuthRoutes(http, app);
  registerSettingsRoutes(http, app);
}
