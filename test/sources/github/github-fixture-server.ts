import { readFileSync } from "node:fs";
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { FIXTURES } from "../../helpers/test-app.js";

/**
 * A local stand-in for api.github.com serving the recorded `get-repository` exchange
 * (test/fixtures/github/README.md) and replies constructed from its shape.
 */

interface RecordedExchange {
  readonly status: number;
  readonly response: Record<string, unknown>;
  readonly rawHeaders: string[];
}

const RECORDED = (
  JSON.parse(readFileSync(new URL("github/get-repository.raw-fixture.json", FIXTURES), "utf8")) as RecordedExchange[]
)[0]!;

/** Headers the server computes itself, not replayed. */
const NOT_REPLAYED = new Set(["content-length", "connection"]);

/** The recorded response headers as [name, value] pairs (Vary appears twice). */
export const RECORDED_HEADERS: readonly [string, string][] = RECORDED.rawHeaders
  .flatMap((name, i) => (i % 2 === 0 ? [[name, RECORDED.rawHeaders[i + 1]!] as [string, string]] : []))
  .filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase()));
export const RECORDED_REPOSITORY = RECORDED.response;
export const RECORDED_ETAG = RECORDED_HEADERS.find(([n]) => n.toLowerCase() === "etag")![1];

export interface Reply {
  readonly status: number;
  readonly headers?: readonly [string, string][];
  readonly body?: string;
}
/** `reset`: half the body, then the connection drops. `hang`: no answer (a timeout). */
export type Action = Reply | "reset" | "hang";

export interface SeenRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

export interface GithubFixtureServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** The recorded 200, or (constructed) the same shape with another name, star count, ETag or rate limit. */
export function repositoryReply(
  options: { fullName?: string; stars?: number; etag?: string; remaining?: number; body?: string } = {},
): Reply {
  const fullName = options.fullName ?? (RECORDED_REPOSITORY.full_name as string);
  const repository = {
    ...RECORDED_REPOSITORY,
    full_name: fullName,
    name: fullName.split("/")[1],
    stargazers_count: options.stars ?? RECORDED_REPOSITORY.stargazers_count,
    watchers_count: options.stars ?? RECORDED_REPOSITORY.watchers_count,
  };
  return {
    status: 200,
    headers: withHeaders({
      ETag: options.etag ?? RECORDED_ETAG,
      ...(options.remaining === undefined ? {} : { "X-RateLimit-Remaining": options.remaining }),
    }),
    body: options.body ?? JSON.stringify(repository),
  };
}

/** Constructed: 304 to a matching If-None-Match (GitHub sends no body, and the ETag again). */
export function notModifiedReply(etag: string): Reply {
  return { status: 304, headers: withHeaders({ ETag: etag, "Content-Type": undefined }) };
}

/** Constructed: a renamed repository's 301, as GitHub answers it (Location: the repositories/{id} URL). */
export function movedReply(location: string): Reply {
  return errorReply(301, { message: "Moved Permanently", url: location }, { Location: location });
}

/** Constructed: GitHub's 404 for a deleted or private repository. */
export function notFoundReply(): Reply {
  return errorReply(404, { message: "Not Found", status: "404" });
}

/** Constructed: the primary limit used up (403, remaining 0, reset as epoch seconds). */
export function rateLimitedReply(resetEpochSeconds: number): Reply {
  return errorReply(
    403,
    {
      message:
        "API rate limit exceeded for 203.0.113.7. (But here's the good news: Authenticated requests get a higher rate limit.)",
    },
    { "X-RateLimit-Remaining": 0, "X-RateLimit-Reset": resetEpochSeconds },
  );
}

/** Constructed: a secondary limit (403 or 429) with Retry-After in seconds, or without one. */
export function secondaryLimitReply(status: 403 | 429, retryAfterSeconds: number | null): Reply {
  return errorReply(
    status,
    { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." },
    { "Retry-After": retryAfterSeconds ?? undefined },
  );
}

function errorReply(status: number, body: Record<string, unknown>, extra: Record<string, unknown> = {}): Reply {
  const documentation_url = "https://docs.github.com/rest/repos/repos#get-a-repository";
  return {
    status,
    headers: withHeaders({ ETag: undefined, ...extra }),
    body: JSON.stringify({ ...body, documentation_url }),
  };
}

/** The recorded headers with some replaced (a value) or removed (undefined). */
function withHeaders(changes: Record<string, unknown>): [string, string][] {
  const changed = new Map(Object.entries(changes).map(([n, v]) => [n.toLowerCase(), v]));
  const kept = RECORDED_HEADERS.filter(([name]) => !changed.has(name.toLowerCase()));
  const added = Object.entries(changes).flatMap(([n, v]) =>
    v === undefined ? [] : [[n, String(v)] as [string, string]],
  );
  return [...kept, ...added];
}

/** Serves `route(path, headers)` on 127.0.0.1; every request is kept in `requests`. */
export async function startGithubFixtureServer(route: (request: SeenRequest) => Action): Promise<GithubFixtureServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const seen = { path: req.url ?? "", headers: req.headers };
    requests.push(seen);
    const action = route(seen);
    if (action === "hang") return;
    if (action === "reset") {
      const body = JSON.stringify(RECORDED_REPOSITORY);
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.write(body.slice(0, body.length / 2), () => res.destroy());
      return;
    }
    for (const [name, value] of action.headers ?? []) res.appendHeader(name, value);
    res.statusCode = action.status;
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

/**
 * A route answering `GET /repos/{owner}/{repo}` from `stars` (owner/repo → count, changed by
 * tests between runs) like GitHub does: the recorded reply with that name and count, an ETag
 * that changes with the count, 304 to a matching If-None-Match, 404 for unknown names.
 */
export function serveRepositories(stars: Map<string, number>): (request: SeenRequest) => Action {
  return (request) => {
    const name = /^\/repos\/([^/]+\/[^/?]+)$/.exec(request.path)?.[1];
    const count = name === undefined ? undefined : stars.get(decodeURIComponent(name));
    if (name === undefined || count === undefined) return notFoundReply();
    const etag = `"${decodeURIComponent(name)}@${count}"`;
    if (request.headers["if-none-match"] === etag) return notModifiedReply(etag);
    return repositoryReply({ fullName: decodeURIComponent(name), stars: count, etag });
  };
}
