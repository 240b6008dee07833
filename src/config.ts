import { resolve } from "node:path";
import { type DigestConfig, readDigestConfig } from "./config-digests.js";

/** Pages and API answers may be reused for 60 s by clients (max-age): the process reuses them for less. */
export const DEFAULT_HTTP_CACHE_MS = 30_000;

export type { DigestConfig } from "./config-digests.js";

/**
 * The only reader of the environment. Every setting is documented in
 * docs/configuration.md; `loadConfig` validates them all at boot and reports every
 * problem at once.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Absolute base URL for links in feeds, canonical tags and the API. */
  readonly publicUrl: string;
  readonly dataDir: string;
  /** SQLite database file inside dataDir (the default backend). */
  readonly databaseFile: string;
  /** PostgreSQL connection URL (postgres:// or postgresql://) from DATABASE_URL; null: SQLite. */
  readonly databaseUrl: string | null;
  /**
   * With PostgreSQL: this process's local SQLite copy of the papers that search runs in
   * (docs/decisions/0008-search-on-postgres.md); ":memory:" keeps it in memory only.
   */
  readonly searchMirrorFile: string;
  /** With PostgreSQL: connections in each process's pool (DATABASE_POOL_SIZE, 1–100). */
  readonly databasePoolSize: number;
  /** Memory each process gives decoded search posting lists (SEARCH_LIST_CACHE_MB), in bytes. */
  readonly searchListCacheBytes: number;
  /** Import the bundled sample on first start when the database is empty. */
  readonly importSampleData: boolean;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** API requests per minute per client IP; 0 turns the limit off. */
  readonly apiRateLimitPerMinute: number;
  /** How long this process reuses a rendered page, API answer or feed (0: never). */
  readonly httpCacheMs: number;
  /** Read the client IP from X-Forwarded-For (only behind a reverse proxy you run). */
  readonly trustProxy: boolean;
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  readonly shutdownTimeoutMs: number;
  /** Password of the admin pages (user "admin", HTTP Basic) until accounts exist; null: pages off. */
  readonly adminToken: string | null;
  /** What `paperboy serve` runs in this process (all three by default). */
  readonly roles: readonly ProcessRole[];
  readonly sources: SourcesConfig;
  readonly search: SearchConfig;
  readonly mail: MailConfig;
  readonly accounts: AccountsConfig;
  /** Email digests: link keys, DKIM, VERP, postal address, send times (config-digests.ts). */
  readonly digests: DigestConfig;
}

/** How mail leaves the hub (account mail, digests). */
export interface MailConfig {
  /** The SMTP relay, smtp:// or smtps:// with optional user:password@; null: mail is only logged. */
  readonly smtpUrl: string | null;
  /** Header From: an address, or `Name <address>`. */
  readonly from: string;
}

/** Sessions and their cookie (docs/configuration.md). */
export interface AccountsConfig {
  /** A session ends after this many days without a request. */
  readonly sessionIdleDays: number;
  /** ...and this many days after sign-in, however active. */
  readonly sessionMaxDays: number;
  /** Cookies get `Secure` (and the `__Host-` prefix): true when PUBLIC_URL is https. */
  readonly secureCookies: boolean;
  /** Whether /signup accepts new accounts (operators can still create them on the CLI). */
  readonly signupOpen: boolean;
  /** Papers can be submitted to the daily list up to this many days after their arXiv publication. */
  readonly submissionWindowDays: number;
  /** Submissions one user may make per UTC day. */
  readonly submissionsPerDay: number;
}

/** How search by meaning works (docs/search.md, docs/configuration.md). */
export interface SearchConfig {
  /** lsa: trained on the hub's own papers, no download; http: an OpenAI-compatible /v1/embeddings server; transformers: an ONNX model folder; off. */
  readonly embedder: "lsa" | "http" | "transformers" | "off";
  /** Mode used when a search does not ask for one (and search by meaning is ready). */
  readonly defaultMode: "keyword" | "hybrid" | "semantic";
  readonly embeddingsUrl: string | null;
  readonly embeddingsModel: string | null;
  readonly embeddingsApiKey: string | null;
  readonly transformersModelPath: string | null;
  /** Let transformers.js download a model named by TRANSFORMERS_MODEL_ID (off: local folders only). */
  readonly transformersAllowRemote: boolean;
  readonly transformersModelId: string | null;
}

export type ProcessRole = "web" | "worker" | "scheduler";

/** Where and how politely the hub fetches from arXiv, Hugging Face and GitHub. */
export interface SourcesConfig {
  readonly arxivApiUrl: string;
  readonly arxivOaiUrl: string;
  readonly arxivRssUrl: string;
  readonly hfApiUrl: string;
  readonly githubApiUrl: string;
  /** Optional: raises GitHub's limit from 60 to 5,000 requests per hour. */
  readonly githubToken: string | null;
  /** Optional bearer token for Hugging Face. */
  readonly hfToken: string | null;
  /** Put in the User-Agent so source operators can reach whoever runs this hub. */
  readonly contactEmail: string | null;
  /** arXiv categories followed by the scheduled ingestion. */
  readonly arxivCategories: readonly string[];
  /** arXiv asks for at least 3 s between requests; tests set 0 against local fixtures. */
  readonly arxivIntervalMs: number;
  readonly hfIntervalMs: number;
  readonly githubIntervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const EMBEDDERS = ["lsa", "http", "transformers", "off"] as const;
const SEARCH_MODES = ["keyword", "hybrid", "semantic"] as const;
const ROLES = ["web", "worker", "scheduler"] as const;
const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const read = createReaders(env, problems);
  const host = read.string("HOST", "127.0.0.1");
  const port = read.integer("PORT", 3000, { min: 0, max: 65_535 });
  const dataDir = resolve(cwd, read.string("PAPERBOY_DATA_DIR", "./data"));
  const publicUrl = read.url("PUBLIC_URL", `http://${host.includes(":") ? `[${host}]` : host}:${port}`);
  const mail = readMailConfig(read, publicUrl, problems);
  const config: Config = {
    host,
    port,
    publicUrl: publicUrl.replace(/\/+$/, ""),
    dataDir,
    databaseFile: resolve(dataDir, "paperboy.sqlite"),
    databaseUrl: readDatabaseUrl(read, problems),
    searchMirrorFile: readSearchMirrorFile(read, dataDir),
    databasePoolSize: read.integer("DATABASE_POOL_SIZE", 10, { min: 1, max: 100 }),
    searchListCacheBytes: read.integer("SEARCH_LIST_CACHE_MB", 256, { min: 16, max: 65_536 }) * 2 ** 20,
    importSampleData: read.boolean("PAPERBOY_SAMPLE_DATA", true),
    logLevel: read.oneOf("LOG_LEVEL", LOG_LEVELS, "info"),
    apiRateLimitPerMinute: read.integer("API_RATE_LIMIT_PER_MINUTE", 300, { min: 0, max: 1_000_000 }),
    httpCacheMs: read.integer("HTTP_CACHE_MS", DEFAULT_HTTP_CACHE_MS, { min: 0, max: 60_000 }),
    trustProxy: read.boolean("TRUST_PROXY", false),
    shutdownTimeoutMs: read.integer("SHUTDOWN_TIMEOUT_MS", 10_000, { min: 0, max: 600_000 }),
    adminToken: read.optional("PAPERBOY_ADMIN_TOKEN"),
    roles: read.list("PAPERBOY_ROLES", ["web", "worker", "scheduler"], ROLES),
    sources: {
      arxivApiUrl: read.url("ARXIV_API_URL", "https://export.arxiv.org/api/query"),
      arxivOaiUrl: read.url("ARXIV_OAI_URL", "https://oaipmh.arxiv.org/oai"),
      arxivRssUrl: read.url("ARXIV_RSS_URL", "https://rss.arxiv.org/rss"),
      hfApiUrl: read.url("HF_API_URL", "https://huggingface.co").replace(/\/+$/, ""),
      githubApiUrl: read.url("GITHUB_API_URL", "https://api.github.com").replace(/\/+$/, ""),
      githubToken: read.optional("GITHUB_TOKEN"),
      hfToken: read.optional("HF_TOKEN"),
      contactEmail: read.optional("PAPERBOY_CONTACT_EMAIL"),
      arxivCategories: read.list("ARXIV_CATEGORIES", ["cs.LG", "cs.CL", "cs.CV", "cs.AI"], null),
      arxivIntervalMs: read.integer("ARXIV_REQUEST_INTERVAL_MS", 3_000, { min: 0, max: 600_000 }),
      hfIntervalMs: read.integer("HF_REQUEST_INTERVAL_MS", 1_000, { min: 0, max: 600_000 }),
      githubIntervalMs: read.integer("GITHUB_REQUEST_INTERVAL_MS", 250, { min: 0, max: 600_000 }),
      timeoutMs: read.integer("SOURCE_TIMEOUT_MS", 30_000, { min: 100, max: 600_000 }),
      retries: read.integer("SOURCE_RETRIES", 4, { min: 0, max: 20 }),
    },
    search: readSearchConfig(read, cwd, problems),
    mail,
    accounts: readAccountsConfig(read, publicUrl, problems),
    digests: readDigestConfig(read, mail.from, cwd, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * DATABASE_URL selects PostgreSQL. Only the scheme is checked here (node-postgres accepts
 * forms URL parsing does not, such as a socket folder in `?host=`); a URL that cannot connect
 * fails at startup. Never echoed in a problem: it may hold a password.
 */
function readDatabaseUrl(read: ReturnType<typeof createReaders>, problems: string[]): string | null {
  const value = read.optional("DATABASE_URL");
  if (value === null) return null;
  if (/^postgres(?:ql)?:\/\/\S*$/i.test(value)) return value;
  problems.push(
    "DATABASE_URL: expected a PostgreSQL URL such as postgres://user:password@host:5432/paperboy (unset it to use SQLite in PAPERBOY_DATA_DIR)",
  );
  return null;
}

function readSearchMirrorFile(read: ReturnType<typeof createReaders>, dataDir: string): string {
  const value = read.optional("SEARCH_MIRROR_FILE");
  if (value === ":memory:") return value;
  return resolve(dataDir, value ?? "search-mirror.sqlite");
}

/** `addr@host` or `Display Name <addr@host>`, on one line. */
const MAIL_FROM = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

function readMailConfig(read: ReturnType<typeof createReaders>, publicUrl: string, problems: string[]): MailConfig {
  const smtpUrl = read.optional("SMTP_URL");
  if (smtpUrl !== null && !isSmtpUrl(smtpUrl)) {
    problems.push(
      "SMTP_URL: expected smtp://host:port or smtps://host:port (with user:password@ if the relay needs it)",
    );
  }
  const from = read.string("MAIL_FROM", `Paperboy <paperboy@${new URL(publicUrl).hostname.replace(/^\[|\]$/g, "")}>`);
  if (!MAIL_FROM.test(from)) problems.push(`MAIL_FROM="${from}": expected an address, or Name <address>`);
  return { smtpUrl: smtpUrl !== null && isSmtpUrl(smtpUrl) ? smtpUrl : null, from };
}

/** Never echoed in a problem: the URL may hold the relay's password. */
function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function readAccountsConfig(
  read: ReturnType<typeof createReaders>,
  publicUrl: string,
  problems: string[],
): AccountsConfig {
  const sessionIdleDays = read.integer("SESSION_IDLE_DAYS", 14, { min: 1, max: 365 });
  const sessionMaxDays = read.integer("SESSION_MAX_DAYS", 60, { min: 1, max: 3_650 });
  if (sessionMaxDays < sessionIdleDays) {
    problems.push(`SESSION_MAX_DAYS (${sessionMaxDays}) must be at least SESSION_IDLE_DAYS (${sessionIdleDays})`);
  }
  return {
    sessionIdleDays,
    sessionMaxDays,
    secureCookies: publicUrl.startsWith("https:"),
    signupOpen: read.boolean("PAPERBOY_SIGNUP_OPEN", true),
    submissionWindowDays: read.integer("SUBMISSION_WINDOW_DAYS", 14, { min: 0, max: 3_650 }),
    submissionsPerDay: read.integer("SUBMISSIONS_PER_DAY", 5, { min: 0, max: 1_000 }),
  };
}

function readSearchConfig(read: ReturnType<typeof createReaders>, cwd: string, problems: string[]): SearchConfig {
  const embedder = read.oneOf("PAPERBOY_EMBEDDER", EMBEDDERS, "lsa");
  const embeddingsUrl = read.optional("EMBEDDINGS_URL") === null ? null : read.url("EMBEDDINGS_URL", "");
  const embeddingsModel = read.optional("EMBEDDINGS_MODEL");
  const modelPath = read.optional("TRANSFORMERS_MODEL_PATH");
  const allowRemote = read.boolean("TRANSFORMERS_ALLOW_REMOTE", false);
  const modelId = read.optional("TRANSFORMERS_MODEL_ID");
  if (embedder === "http" && (embeddingsUrl === null || embeddingsModel === null)) {
    problems.push("PAPERBOY_EMBEDDER=http needs EMBEDDINGS_URL and EMBEDDINGS_MODEL");
  }
  if (embedder === "transformers" && modelPath === null && !(allowRemote && modelId !== null)) {
    problems.push(
      "PAPERBOY_EMBEDDER=transformers needs TRANSFORMERS_MODEL_PATH (a local model folder), or TRANSFORMERS_ALLOW_REMOTE=1 with TRANSFORMERS_MODEL_ID",
    );
  }
  return {
    embedder,
    defaultMode: read.oneOf("SEARCH_DEFAULT_MODE", SEARCH_MODES, "hybrid"),
    embeddingsUrl,
    embeddingsModel,
    embeddingsApiKey: read.optional("EMBEDDINGS_API_KEY"),
    transformersModelPath: modelPath === null ? null : resolve(cwd, modelPath),
    transformersAllowRemote: allowRemote,
    transformersModelId: modelId,
  };
}

/** The validated readers of the environment, handed to the config-*.ts parts. */
export type ConfigReaders = ReturnType<typeof createReaders>;

function createReaders(env: NodeJS.ProcessEnv, problems: string[]) {
  const raw = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  return {
    string(name: string, fallback: string): string {
      return raw(name) ?? fallback;
    },
    integer(name: string, fallback: number, range: { min: number; max: number }): number {
      const v = raw(name);
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < range.min || n > range.max) {
        problems.push(`${name}="${v}": expected a whole number from ${range.min} to ${range.max}`);
        return fallback;
      }
      return n;
    },
    boolean(name: string, fallback: boolean): boolean {
      const v = raw(name)?.toLowerCase();
      if (v === undefined) return fallback;
      if (["1", "true", "yes", "on"].includes(v)) return true;
      if (["0", "false", "no", "off"].includes(v)) return false;
      problems.push(`${name}="${v}": expected 1/0, true/false, yes/no or on/off`);
      return fallback;
    },
    url(name: string, fallback: string): string {
      const v = raw(name);
      if (v === undefined) return fallback;
      try {
        const url = new URL(v);
        if (url.protocol === "http:" || url.protocol === "https:") return v;
      } catch {
        // reported below
      }
      problems.push(`${name}="${v}": expected an absolute http(s) URL such as https://papers.example.org`);
      return fallback;
    },
    optional(name: string): string | null {
      return raw(name) ?? null;
    },
    /** A comma-separated list; `allowed` null means arXiv category codes. */
    list<T extends string>(name: string, fallback: readonly T[], allowed: readonly T[] | null): T[] {
      const v = raw(name);
      if (v === undefined) return [...fallback];
      const items = v
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== "");
      const bad = items.filter((x) => (allowed ? !(allowed as readonly string[]).includes(x) : !CATEGORY.test(x)));
      if (items.length === 0 || bad.length > 0) {
        const expected = allowed
          ? `a comma-separated list of ${allowed.join(", ")}`
          : "comma-separated arXiv categories such as cs.LG,cs.CL";
        problems.push(`${name}="${v}": expected ${expected}`);
        return [...fallback];
      }
      return [...new Set(items)] as T[];
    },
    oneOf<T extends string>(name: string, options: readonly T[], fallback: T): T {
      const v = raw(name);
      if (v === undefined) return fallback;
      if ((options as readonly string[]).includes(v)) return v as T;
      problems.push(`${name}="${v}": expected one of ${options.join(", ")}`);
      return fallback;
    },
  };
}
