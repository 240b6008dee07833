import { readFileSync } from "node:fs";
import { type IncomingHttpHeaders, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { FIXTURES } from "../../helpers/test-app.js";

/**
 * A local stand-in for export.arxiv.org and rss.arxiv.org: replays the recorded API
 * responses (test/fixtures/arxiv-api/README.md) or whatever a test answers, and records
 * every request with its arrival time.
 */
export interface SeenRequest {
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** performance.now() on arrival. */
  readonly at: number;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}
/** `reset`: headers and half the body, then the connection drops. `hang`: no answer at all. */
export type Action = Reply | "reset" | "hang";
export type Handler = (request: SeenRequest, index: number) => Action | Promise<Action>;

export interface ArxivFixtureServer {
  /** Base URL of the API (`…/api/query`). */
  readonly apiUrl: string;
  /** Base URL of the RSS feeds (`…/rss`). */
  readonly rssUrl: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startArxivFixtureServer(handler: Handler = replayRecorded): Promise<ArxivFixtureServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const request = { url: new URL(req.url ?? "/", "http://127.0.0.1"), headers: req.headers, at: performance.now() };
    requests.push(request);
    void Promise.resolve(handler(request, requests.length - 1)).then((action) => answer(res, action));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/query`,
    rssUrl: `${base}/rss`,
    requests,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(res: ServerResponse, action: Action): void {
  if (action === "hang") return;
  if (action === "reset") {
    const body = Buffer.from(recordedFeed("recorded-2026/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml"));
    res.writeHead(200, { "Content-Type": "application/atom+xml", "Content-Length": String(body.length) });
    res.write(body.subarray(0, body.length / 2), () => res.socket?.destroy());
    return;
  }
  res.writeHead(action.status ?? 200, { "Content-Type": "application/atom+xml; charset=utf-8", ...action.headers });
  res.end(action.body ?? "");
}

export function recordedFeed(path: string): string {
  return readFileSync(new URL(`arxiv-api/${path}`, FIXTURES), "utf8");
}

export function rssFixture(name: string): string {
  return readFileSync(new URL(`arxiv-rss/${name}`, FIXTURES), "utf8");
}

interface IndexEntry {
  readonly file: string;
  readonly url: string;
  readonly status_code: number;
}

const INDEX = JSON.parse(recordedFeed("recorded-2026/index.json")) as IndexEntry[];
const EMPTY_FEED = recordedFeed("recorded-2026/id_0000.0000_s0_m100_8b51d9633a68.xml");

/** The recorded response to the same `id_list` (status included); the recorded empty feed otherwise. */
export function replayRecorded(request: SeenRequest): Action {
  return replayIdList(request.url.searchParams.get("id_list"));
}

export function replayIdList(idList: string | null): Reply {
  const recorded = INDEX.find((e) => idList && new URL(e.url).searchParams.get("id_list") === idList);
  if (!recorded) return { body: EMPTY_FEED };
  return { status: recorded.status_code, body: recordedFeed(`recorded-2026/${recorded.file}`) };
}

/** One feed holding the recorded entries of each id, as arXiv answers a list of ids. */
export function combinedFeed(ids: readonly string[]): string {
  const entries = ids.flatMap((id) => replayIdList(id).body?.match(/<entry>[\s\S]*?<\/entry>/g) ?? []);
  return EMPTY_FEED.replace("</feed>", `${entries.join("\n")}</feed>`);
}

/**
 * Pages of the recorded `search_query=testing` series served as a 30-result query:
 * `start` 0, 10 and 20 with 10 per page (arXiv reported 214,881; cut to what was recorded).
 */
export function testingPage(start: number): string {
  const file = INDEX.find((e) => e.file.startsWith(`q_testing_s${start}_m10_`))!.file;
  return recordedFeed(`recorded-2026/${file}`).replace(/<opensearch:totalResults>\d+</, "<opensearch:totalResults>30<");
}
