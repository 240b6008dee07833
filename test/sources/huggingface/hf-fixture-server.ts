import { readFileSync } from "node:fs";
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { FIXTURES } from "../../helpers/test-app.js";

/**
 * A local stand-in for huggingface.co's `/api/daily_papers`. There is no recorded reply:
 * every reply here derives from the hand-built fixture described in
 * test/fixtures/huggingface/README.md.
 */

export type HfItemFixture = Record<string, unknown> & { paper: Record<string, unknown> };

/** The three constructed items listed on 2024-09-18. */
export const FIXTURE_DAY = "2024-09-18";
export const FIXTURE_ITEMS: readonly HfItemFixture[] = JSON.parse(
  readFileSync(new URL("huggingface/daily-papers-2024-09-18.constructed.json", FIXTURES), "utf8"),
) as HfItemFixture[];

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}
/** `reset`: half the body, then the connection drops. `hang`: no answer (a timeout). */
export type Action = Reply | "reset" | "hang";

export interface SeenRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export interface HfFixtureServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** A 200 with these items as JSON, plus any headers (a Link). */
export function itemsReply(items: readonly unknown[], headers: Record<string, string> = {}): Reply {
  return {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(items),
  };
}

/**
 * The fixture's first item re-dated to `day` as the `n`-th paper (0–999) of the day: an id
 * of its own (`YYMM.DDnnn`), listed at a minute of its own, every other field as in the fixture.
 */
export function itemOnDay(day: string, n: number, changes: Record<string, unknown> = {}): HfItemFixture {
  const template = FIXTURE_ITEMS[0]!;
  const [yy, mm, dd] = day.slice(2).split("-");
  const at = `${day}T${String(Math.floor(n / 60) % 24).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}:00.000Z`;
  return {
    ...template,
    publishedAt: at,
    paper: {
      ...template.paper,
      id: `${yy}${mm}.${dd}${String(n).padStart(3, "0")}`,
      submittedOnDailyAt: at,
      ...changes,
    },
  };
}

/** The reply to a bad `date`, shaped like HF's error bodies ({"error": "..."}). */
export function badDateReply(): Reply {
  return {
    status: 400,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ error: "Invalid date" }),
  };
}

/** Serves `route(request)` on 127.0.0.1; every request is kept in `requests`. */
export async function startHfFixtureServer(route: (request: SeenRequest) => Action): Promise<HfFixtureServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const seen = { path: url.pathname, query: url.searchParams, headers: req.headers };
    requests.push(seen);
    const action = route(seen);
    if (action === "hang") return;
    if (action === "reset") {
      const body = JSON.stringify(FIXTURE_ITEMS);
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.write(body.slice(0, body.length / 2), () => res.destroy());
      return;
    }
    res.writeHead(action.status, action.headers ?? {});
    res.end(action.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
