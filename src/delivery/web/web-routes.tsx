import type { Context, Hono } from "hono";
import type { App } from "../../app.js";
import type { HttpEnv } from "../http/http-env.js";

export function registerWebRoutes(_http: Hono<HttpEnv>, _app: App): void {}
export function renderNotFoundPage(c: Context): Response {
  return c.html("<h1>Not found</h1>", 404);
}
export function renderServerErrorPage(c: Context): Response {
  return c.html("<h1>Error</h1>", 500);
}
