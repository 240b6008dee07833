import { readFileSync } from "node:fs";
import { type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local stand-in for arXiv's OAI-PMH endpoint: answers each request as the test says
 * (a fixture page, a 503, a dropped connection, silence) and records every request URL.
 * The fixtures and how they were made: test/fixtures/arxiv-oai/README.md.
 */
export type OaiAction =
  | { readonly status?: number; readonly headers?: Record<string, string>; readonly body?: string }
  /** Headers and half the body, then the connection drops. */
  | { readonly kind: "reset"; readonly body: string }
  /** Headers and half the body, then nothing more; `onStalled` runs once that half is sent. */
  | { readonly kind: "stall"; readonly body: string; readonly onStalled?: () => void }
  /** No answer at all. */
  | { readonly kind: "hang" };
export type OaiHandler = (url: URL, index: number) => OaiAction | Promise<OaiAction>;

export interface OaiFixtureServer {
  /** The base URL, as ARXIV_OAI_URL. */
  readonly url: string;
  readonly requests: URL[];
  close(): Promise<void>;
}

export async function startOaiFixtureServer(handler: OaiHandler): Promise<OaiFixtureServer> {
  const requests: URL[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(url);
    void Promise.resolve(handler(url, requests.length - 1)).then((action) => answer(res, action));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oai2`,
    requests,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(res: ServerResponse, action: OaiAction): void {
  if ("kind" in action) {
    if (action.kind === "hang") return;
    const body = Buffer.from(action.body);
    res.writeHead(200, { "Content-Type": "text/xml; charset=utf-8", "Content-Length": String(body.length) });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
      if (action.kind === "reset") res.socket?.destroy();
      else action.onStalled?.();
    });
    return;
  }
  res.writeHead(action.status ?? 200, { "Content-Type": "text/xml; charset=utf-8", ...action.headers });
  res.end(action.body ?? "");
}

export function oaiFixture(path: string): string {
  return readFileSync(new URL(`../../fixtures/arxiv-oai/${path}`, import.meta.url), "utf8");
}

/** The constructed five-page sequence: the tokens that ask for pages 2–5. */
export const PHYSICS_TOKENS = ["4181215|4", "4181215|8", "4181215|13", "4181215|17"] as const;
export const PHYSICS_PARAMS = { set: "physics", from: "2014-01-01", until: null, metadataPrefix: "arXiv" } as const;
export const PHYSICS_PAGE_COUNT = 5;

/** The 19 valid records of the sequence, in order. */
export const PHYSICS_VALID_IDS = [
  ...["1706.05371", "1706.09418", "1707.00874", "1412.8323", "1507.07790", "1607.01710", "1401.2122"],
  ...["1601.03238", "1512.07978", "1603.00997", "1603.01251", "1603.05976", "1604.05585", "1606.06775"],
  ...["1606.07066", "1606.07538", "1607.00786", "1606.04259", "1808.04927"],
];
export const PHYSICS_MALFORMED = ["oai:arXiv.org:1603.99999"];
export const PHYSICS_DELETED = ["oai:arXiv.org:1705.01234", "oai:arXiv.org:1611.05678"];

/**
 * Which page of the physics sequence a request asks for: 1 for the first request
 * (exactly verb, metadataPrefix, set and from), 2–5 for a known token alone with the
 * verb; null for anything else.
 */
export function physicsPageOf(url: URL): number | null {
  const params = Object.fromEntries(url.searchParams);
  const keys = Object.keys(params).sort().join(",");
  if (params.verb !== "ListRecords") return null;
  if (keys === "from,metadataPrefix,set,verb") {
    const ok = params.metadataPrefix === "arXiv" && params.set === "physics" && params.from === "2014-01-01";
    return ok ? 1 : null;
  }
  if (keys !== "resumptionToken,verb") return null;
  const index = (PHYSICS_TOKENS as readonly string[]).indexOf(params.resumptionToken ?? "");
  return index === -1 ? null : index + 2;
}

export function physicsPage(page: number): string {
  return oaiFixture(`constructed/list-records-physics-page-${page}.xml`);
}

/** Serves the sequence as arXiv would: unknown tokens get badResumptionToken, bad arguments badArgument. */
export function answerPhysics(url: URL): OaiAction {
  const page = physicsPageOf(url);
  if (page !== null) return { body: physicsPage(page) };
  if (url.searchParams.has("resumptionToken"))
    return { body: oaiFixture("constructed/error-bad-resumption-token.xml") };
  return { body: oaiError("badArgument", "The request includes illegal arguments.") };
}

export function oaiError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2017-12-14T13:00:41Z</responseDate>
<request>http://export.arxiv.org/oai2</request><error code="${code}">${message}</error></OAI-PMH>
`;
}
