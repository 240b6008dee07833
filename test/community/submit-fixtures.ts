import {
  type Handler,
  recordedFeed,
  replayIdList,
  startArxivFixtureServer,
} from "../sources/arxiv/arxiv-fixture-server.js";
import { startCommunityBench } from "./community-bench.js";

/** The recorded answer for 2104.12255v1 (published 2021-04-20). */
const RECORDED = "recorded-2026/id_2104.12255v1_s0_m100_6ae69987ffe1.xml";
export const RECORDED_ID = "2104.12255";

/**
 * The recorded entry renamed to `id` and published on `day`, as arXiv would answer for a
 * recent paper (the recordings are all years old, older than any submission window).
 */
export function recentFeed(id: string, day: string): string {
  return recordedFeed(RECORDED)
    .replaceAll("2104.12255", id)
    .replace("<published>2021-04-20T16:07:14Z", `<published>${day}T16:07:14Z`)
    .replace("<updated>2021-04-20T16:07:14Z", `<updated>${day}T16:07:14Z`);
}

/**
 * Answers like arXiv: the recorded paper by its id without version, `recent` ids as fresh
 * papers published on their day, anything else as the recorded empty feed (not found).
 */
export function arxivLike(recent: Record<string, string>): Handler {
  return ({ url }) => {
    const id = url.searchParams.get("id_list") ?? "";
    if (id === RECORDED_ID) return replayIdList(`${RECORDED_ID}v1`);
    const day = recent[id];
    return day ? { body: recentFeed(id, day) } : replayIdList(id);
  };
}

/** The community bench with its arXiv on a fixture server (no pause, no retries). */
export async function startSubmitBench(handler: Handler, env: NodeJS.ProcessEnv = {}) {
  const server = await startArxivFixtureServer(handler);
  const bench = await startCommunityBench({
    env: {
      ARXIV_API_URL: server.apiUrl,
      ARXIV_REQUEST_INTERVAL_MS: "0",
      SOURCE_RETRIES: "0",
      SOURCE_TIMEOUT_MS: "2000",
      ...env,
    },
  });
  return {
    ...bench,
    server,
    async close() {
      await bench.app.close();
      await server.close();
    },
  };
}
