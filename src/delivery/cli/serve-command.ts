import type { Server } from "node:http";
import { serve, type ServerType } from "@hono/node-server";
import type { App } from "../../app.js";
import { createHttpApp } from "../http/server.js";
import { importSampleDataIfEmpty } from "./sample-data.js";

/** `paperboy serve`: imports the bundled sample into an empty hub, then serves HTTP until SIGTERM/SIGINT. */
export async function serveCommand(app: App): Promise<void> {
  await importSampleDataIfEmpty(app);
  const http = createHttpApp(app);
  const server = await listen(http.fetch, app.config.host, app.config.port);
  app.logger.info({ url: app.config.publicUrl }, `Paperboy is serving at ${app.config.publicUrl}`);
  const stop = once(async (signal: string) => {
    app.logger.info({ signal }, "shutting down: finishing in-flight requests");
    const forced = setTimeout(() => {
      app.logger.warn({ timeoutMs: app.config.shutdownTimeoutMs }, "shutdown timeout: closing open connections");
      (server as Server).closeAllConnections?.();
    }, app.config.shutdownTimeoutMs);
    forced.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    (server as Server).closeIdleConnections?.();
    await closed;
    await app.close();
    app.logger.info("stopped cleanly");
    process.exit(0);
  });
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

function listen(fetch: Parameters<typeof serve>[0]["fetch"], hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once("error", reject);
  });
}

function once<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let started = false;
  return async (...args) => {
    if (started) return;
    started = true;
    await fn(...args);
  };
}
