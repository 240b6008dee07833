import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createSqliteStorage } from "../../src/adapters/storage/sqlite/sqlite-storage.js";
import { createLogger } from "../../src/lib/logger.js";
import { createHttpApp } from "../../src/delivery/http/server.js";
import { signCsrfBinding } from "../../src/delivery/http/csrf.js";
import type { Role, User } from "../../src/core/accounts/ports.js";
import { type SinkMessage, type SmtpSink, startSmtpSink } from "../helpers/smtp-sink.js";

/**
 * An accounts test bench: the real app on a SQLite file in a temporary folder, mailing a
 * real SMTP sink on loopback, with a clock the test moves. `browser()` gives a client that
 * keeps cookies like a browser and reads CSRF tokens from the pages it gets.
 */
export const PUBLIC_URL = "http://paperboy.test";
export const START = new Date("2026-06-30T12:00:00Z");
export const PASSWORD = "correct horse battery staple";

export interface Bench {
  readonly app: App;
  /** The Hono app's fetch, to serve the bench on a real port. */
  readonly fetch: (request: Request) => Response | Promise<Response>;
  readonly sink: SmtpSink;
  readonly clock: { now: Date; advance(ms: number): void };
  /** Every log line the app wrote (level info and up), as JSON text. */
  readonly logs: string[];
  request(path: string, init?: RequestInit): Promise<Response>;
  browser(ip?: string): TestBrowser;
  /** Another app on the same database file, like a second process (or the same one after a restart). */
  secondProcess(): Promise<{ browser(ip?: string): TestBrowser; close(): Promise<void> }>;
  /** Signs up, follows the verification mail and logs in: a browser with a verified account. */
  signedIn(email: string, handle: string, ip?: string): Promise<TestBrowser>;
  close(): Promise<void>;
}

export async function startBench(env: NodeJS.ProcessEnv = {}): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), "paperboy-accounts-"));
  const sink = await startSmtpSink();
  const config = loadConfig({
    PAPERBOY_DATA_DIR: dir,
    LOG_LEVEL: "silent",
    PUBLIC_URL,
    SMTP_URL: sink.url,
    MAIL_FROM: "Paperboy <hub@paperboy.test>",
    TRUST_PROXY: "1",
    PAPERBOY_EMBEDDER: "off",
    ...env,
  });
  const clock = {
    now: START,
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const logs: string[] = [];
  const app = createApp(config, {
    now: () => clock.now,
    logger: createLogger("info", { write: (line: string) => void logs.push(line) }),
    storage: createSqliteStorage(join(dir, "paperboy.sqlite")),
  });
  const http = createHttpApp(app);
  const request = async (path: string, init?: RequestInit) => http.request(path, init);
  let ipCounter = 0;
  const bench: Bench = {
    app,
    fetch: (req) => http.fetch(req),
    sink,
    clock,
    logs,
    request,
    browser: (ip) => new TestBrowser(request, ip ?? `198.51.100.${++ipCounter}`),
    async secondProcess() {
      const other = createApp(config, {
        now: () => clock.now,
        logger: createLogger("silent"),
        storage: createSqliteStorage(join(dir, "paperboy.sqlite")),
      });
      const otherHttp = createHttpApp(other);
      return {
        browser: (ip) =>
          new TestBrowser(async (path, init) => otherHttp.request(path, init), ip ?? `198.51.100.${++ipCounter}`),
        close: () => other.close(),
      };
    },
    async signedIn(email, handle, ip) {
      const browser = bench.browser(ip);
      const before = sink.messages.length;
      const res = await browser.submit("/signup", "/signup", { email, handle, password: PASSWORD });
      if (res.status !== 200) throw new Error(`sign-up answered ${res.status}`);
      const [mail] = (await sink.waitForMessages(before + 1)).slice(before);
      await browser.submit(linkPath(mail!), "/verify", {});
      const login = await browser.submit("/login", "/login", { email, password: PASSWORD });
      if (login.status !== 303) throw new Error(`login answered ${login.status}`);
      return browser;
    },
    async close() {
      await app.close();
      await sink.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return bench;
}

/**
 * For tests of other features (comments, votes, moderation): an account with a confirmed
 * address and a live session, made without mail or forms. `headers` sign a request in
 * and carry its CSRF token, e.g. `request(path, { method: "POST", headers: signedIn.headers })`.
 */
export async function createSignedInUser(
  app: App,
  options: { email: string; handle: string; role?: Role; password?: string },
): Promise<{ user: User; sessionToken: string; csrfToken: string; headers: Record<string, string> }> {
  const password = options.password ?? PASSWORD;
  const created = await app.accounts.createUser({
    email: options.email,
    handle: options.handle,
    displayName: options.handle,
    password,
    role: options.role ?? "user",
  });
  if (created.kind !== "created") throw new Error(`createSignedInUser: ${created.kind}`);
  const login = await app.accounts.logIn(options.email, password, { ip: "127.0.0.1", userAgent: "test" }, null);
  if (login.kind !== "signed-in") throw new Error(`createSignedInUser: ${login.kind}`);
  const session = await app.accounts.resolveSession(login.sessionToken, { ip: "127.0.0.1", userAgent: "test" });
  const csrfToken = signCsrfBinding(await app.accounts.csrfKey(), `session:${session!.session.id}`);
  const cookieName = app.config.accounts.secureCookies ? "__Host-pb_session" : "pb_session";
  return {
    user: created.user,
    sessionToken: login.sessionToken,
    csrfToken,
    headers: { cookie: `${cookieName}=${login.sessionToken}`, "x-csrf-token": csrfToken },
  };
}

/** The path and query of the first link in a mail's text part (links are absolute, to PUBLIC_URL). */
export function linkPath(mail: SinkMessage): string {
  const match = /https?:\/\/[^\s]+/.exec(mail.text ?? "");
  if (!match) throw new Error(`no link in mail "${mail.subject}"`);
  const url = new URL(match[0]);
  return url.pathname + url.search;
}

/** Messages that arrived after `count` were already there. */
export async function nextMails(sink: SmtpSink, count: number, expected = 1): Promise<readonly SinkMessage[]> {
  return (await sink.waitForMessages(count + expected)).slice(count);
}

/** Keeps cookies across requests and reads the CSRF token of the last page it loaded. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  lastToken: string | null = null;
  /** Hidden inputs of the last page (a mail link's token, `next`), posted back by `submit`. */
  lastHidden: Record<string, string> = {};

  constructor(
    private readonly send: (path: string, init?: RequestInit) => Promise<Response>,
    readonly ip: string,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("x-forwarded-for", this.ip);
    if (!headers.has("user-agent")) headers.set("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
    if (this.cookies.size > 0) {
      headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    const res = await this.send(path, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(path: string): Promise<{ res: Response; html: string }> {
    const res = await this.request(path);
    const html = await res.text();
    this.lastToken = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.lastToken;
    this.lastHidden = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    return { res, html };
  }

  /** Posts a form with the token of the page at `formPage` (loaded first). */
  async submit(formPage: string, action: string, fields: Record<string, string>): Promise<Response> {
    await this.get(formPage);
    return this.post(action, { ...this.lastHidden, _csrf: this.lastToken ?? "", ...fields });
  }

  post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }

  sessionCookie(): string | undefined {
    return this.cookies.get("pb_session") ?? this.cookies.get("__Host-pb_session");
  }
}
