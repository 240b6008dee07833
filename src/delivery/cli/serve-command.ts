import type { Server } from "node:http";
import { serve, type ServerType } from "@hono/node-server";
import type { App } from "../../app.js";
import type { ProcessRole } from "../../config.js";
import { startFeedbackListener } from "../email/feedback-listener.js";
import { createHttpApp } from "../http/server.js";
import { createJobRunner } from "../jobs/job-runner.js";
import { SCHEDULE } from "../jobs/schedule.js";
import { importSampleDataIfEmpty } from "./sample-data.js";

/**
 * `paperboy serve [--role web,worker,scheduler]`: the web role serves HTTP, the scheduler
 * enqueues due jobs, the worker runs them; all three by default. An empty hub first gets
 * the bundled sample. Runs until SIGTERM/SIGINT, then finishes in-flight work and closes.
 */
export async function serveCommand(app: App, roles: readonly ProcessRole[] = app.config.roles): Promise<void> {
  await importSampleDataIfEmpty(app);
  const server = roles.includes("web") ? await startWeb(app) : null;
  const runner =
    roles.includes("worker") || roles.includes("scheduler")
      ? createJobRunner({ app, jobs: SCHEDULE, schedule: roles.includes("scheduler"), work: roles.includes("worker") })
      : null;
  runner?.start();
  // Bounce and complaint reports over SMTP (MAIL_INBOUND_LISTEN): worker work, off by default.
  const inbound = roles.includes("worker") ? await startFeedbackListener(app) : null;
  if (roles.includes("web")) warmUpSearch(app);
  prepareSemanticSearch(app, roles.includes("worker"));
  app.logger.info({ roles }, `Paperboy running: ${roles.join(", ")}`);
  const stop = once(async (signal: string) => {
    app.logger.info({ signal }, "shutting down: finishing in-flight work");
    const forced = setTimeout(() => {
      app.logger.warn({ timeoutMs: app.config.shutdownTimeoutMs }, "shutdown timeout: closing open connections");
      (server as Server | null)?.closeAllConnections?.();
    }, app.config.shutdownTimeoutMs);
    forced.unref();
    await Promise.all([server ? closeServer(server) : Promise.resolve(), runner?.stop(), inbound?.close()]);
    await app.close();
    app.logger.info("stopped cleanly");
    process.exit(0);
  });
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/**
 * On PostgreSQL search runs in a local mirror of the papers whose first copy takes minutes on
 * a large hub (docs/deployment.md): start it now, in the background, rather than in the first
 * visitor's search. On SQLite this is one cheap query.
 */
function warmUpSearch(app: App): void {
  if (app.config.databaseUrl === null) return;
  const started = Date.now();
  app.storage.embeddingSource.latestChangeId().then(
    () => app.logger.info({ seconds: (Date.now() - started) / 1000 }, "search mirror is up to date"),
    (error: unknown) => app.logger.error({ err: error }, "search mirror could not be brought up to date"),
  );
}

/**
 * Opens the saved semantic index; a process with the worker role also brings it up to date
 * (training the model on first start) in a worker thread, while the site already serves
 * keyword search. Failures are logged: keyword search does not depend on it.
 */
function prepareSemanticSearch(app: App, build: boolean): void {
  const semantic = app.semantic;
  if (semantic === null) return;
  const started = Date.now();
  void (async () => {
    const loaded = await semantic.load();
    if (!build) return;
    const summary = await semantic.refresh();
    if (summary?.embedderId) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      app.logger.info({ ...summary, seconds, wasLoaded: loaded }, "search by meaning is ready");
    }
  })().catch((error: unknown) => app.logger.error({ err: error }, "search by meaning could not be prepared"));
}

async function startWeb(app: App): Promise<ServerType> {
  const http = createHttpApp(app);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: http.fetch, hostname: app.config.host, port: app.config.port }, () => resolve(s));
    s.once("error", reject);
  });
  app.logger.info({ url: app.config.publicUrl }, `Paperboy is serving at ${app.config.publicUrl}`);
  return server;
}

function closeServer(server: ServerType): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  (server as Server).closeIdleConnections?.();
  return closed;
}

function once<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let started = false;
  return async (...args) => {
    if (started) return;
    started = true;
    await fn(...args);
  };
}
