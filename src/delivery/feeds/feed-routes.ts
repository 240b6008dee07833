import type { Hono } from "hono";
import type { App } from "../../app.js";
import type { HttpEnv } from "../http/http-env.js";

export function registerFeedRoutes(_http: Hono<HttpEnv>, _app: App): void {}
