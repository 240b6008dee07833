import { decodeJsonlInWorker } from "./adapters/files/decode-jsonl-in-worker.js";
import { createSourceHttpClients, type SourceHttpClients } from "./adapters/sources/source-http-clients.js";
import { createSqliteMigrator } from "./adapters/storage/sqlite/sqlite-migrator.js";
import { createSqliteStorage } from "./adapters/storage/sqlite/sqlite-storage.js";
import type { Migrator, Storage } from "./adapters/storage/storage.js";
import type { Config } from "./config.js";
import { createListingsService } from "./core/listings/listings-service.js";
import { createImportService } from "./core/papers/import-service.js";
import { createPapersService } from "./core/papers/papers-service.js";
import { createTrendingService } from "./core/ranking/trending-service.js";
import { createLogger, type Logger } from "./lib/logger.js";
import { createMetrics, type Metrics } from "./lib/metrics.js";

/** Sent in the User-Agent to sources. */
const APP_VERSION = "0.1.0";

/** The composition root: adapters built from config, handed to the services that use them. */
export interface App {
  readonly config: Config;
  readonly storage: Storage;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
  readonly papers: ReturnType<typeof createPapersService>;
  readonly listings: ReturnType<typeof createListingsService>;
  readonly trending: ReturnType<typeof createTrendingService>;
  readonly importer: ReturnType<typeof createImportService>;
  /** Polite HTTP clients for arXiv, Hugging Face and GitHub (ingestion builds on them). */
  readonly sourceHttp: SourceHttpClients;
  /** Calls `listener` whenever this process changes content (imports, votes), to drop caches. */
  onContentChanged(listener: () => void): void;
  close(): Promise<void>;
}

export interface AppOverrides {
  readonly now?: () => Date;
  readonly logger?: Logger;
  readonly storage?: Storage;
  readonly sourceHttp?: SourceHttpClients;
}

export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const now = overrides.now ?? (() => new Date());
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const storage = overrides.storage ?? createSqliteStorage(config.databaseFile);
  const trending = createTrendingService({ signals: storage.signals, now });
  const changeListeners = new Set<() => void>([() => trending.invalidate()]);
  const notifyContentChanged = () => changeListeners.forEach((listener) => listener());
  const papers = createPapersService({ papers: storage.papers });
  const listings = createListingsService({ listings: storage.listings, papers: storage.papers, trending });
  const importer = createImportService({
    papers: storage.papers,
    now,
    decodeFile: decodeJsonlInWorker,
    onImported: notifyContentChanged,
  });
  const sourceHttp = overrides.sourceHttp ?? createSourceHttpClients(config.sources, APP_VERSION);
  return {
    config,
    sourceHttp,
    storage,
    logger,
    metrics,
    now,
    papers,
    listings,
    trending,
    importer,
    onContentChanged: (listener) => void changeListeners.add(listener),
    close: () => storage.close(),
  };
}

/** The configured database's migrations, without opening the app (`paperboy migrate`). */
export function openMigrator(config: Config): Migrator {
  return createSqliteMigrator(config.databaseFile);
}
