import { resolve } from "node:path";

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
  /** SQLite database file inside dataDir. */
  readonly databaseFile: string;
  /** Import the bundled sample on first start when the database is empty. */
  readonly importSampleData: boolean;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** API requests per minute per client IP; 0 turns the limit off. */
  readonly apiRateLimitPerMinute: number;
  /** Read the client IP from X-Forwarded-For (only behind a reverse proxy you run). */
  readonly trustProxy: boolean;
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  readonly shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const read = createReaders(env, problems);
  const host = read.string("HOST", "127.0.0.1");
  const port = read.integer("PORT", 3000, { min: 0, max: 65_535 });
  const dataDir = resolve(cwd, read.string("PAPERBOY_DATA_DIR", "./data"));
  const publicUrl = read.url("PUBLIC_URL", `http://${host.includes(":") ? `[${host}]` : host}:${port}`);
  const config: Config = {
    host,
    port,
    publicUrl: publicUrl.replace(/\/+$/, ""),
    dataDir,
    databaseFile: resolve(dataDir, "paperboy.sqlite"),
    importSampleData: read.boolean("PAPERBOY_SAMPLE_DATA", true),
    logLevel: read.oneOf("LOG_LEVEL", LOG_LEVELS, "info"),
    apiRateLimitPerMinute: read.integer("API_RATE_LIMIT_PER_MINUTE", 300, { min: 0, max: 1_000_000 }),
    trustProxy: read.boolean("TRUST_PROXY", false),
    shutdownTimeoutMs: read.integer("SHUTDOWN_TIMEOUT_MS", 10_000, { min: 0, max: 600_000 }),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

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
    oneOf<T extends string>(name: string, options: readonly T[], fallback: T): T {
      const v = raw(name);
      if (v === undefined) return fallback;
      if ((options as readonly string[]).includes(v)) return v as T;
      problems.push(`${name}="${v}": expected one of ${options.join(", ")}`);
      return fallback;
    },
  };
}
