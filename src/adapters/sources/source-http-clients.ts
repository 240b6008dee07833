import type { SourcesConfig } from "../../config.js";
import { createPoliteHttpClient, type PoliteHttpClient } from "./polite-http-client.js";

/** Backoff before the first retry; doubles each retry. */
const FIRST_BACKOFF_MS = 2_000;
/** A Retry-After longer than this ends the run; the job is retried later instead. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** One polite client per source: each keeps its own pace and its own single connection. */
export interface SourceHttpClients {
  readonly arxiv: PoliteHttpClient;
  readonly huggingface: PoliteHttpClient;
  readonly github: PoliteHttpClient;
}

export function createSourceHttpClients(config: SourcesConfig, version: string): SourceHttpClients {
  const contact = config.contactEmail ? `; mailto:${config.contactEmail}` : "";
  const userAgent = `Paperboy/${version} (self-hosted papers hub; +https://www.npmjs.com/package/paperboy${contact})`;
  const client = (minIntervalMs: number) =>
    createPoliteHttpClient({
      userAgent,
      minIntervalMs,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      backoffMs: FIRST_BACKOFF_MS,
      maxRetryAfterMs: MAX_RETRY_AFTER_MS,
    });
  return {
    arxiv: client(config.arxivIntervalMs),
    huggingface: client(config.hfIntervalMs),
    github: client(config.githubIntervalMs),
  };
}
