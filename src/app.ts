import { decodeJsonlInWorker } from "./adapters/files/decode-jsonl-in-worker.js";
import { createArxivApiClient } from "./adapters/sources/arxiv/arxiv-api-client.js";
import { createArxivPaperFetcher } from "./adapters/sources/arxiv/arxiv-paper-fetcher.js";
import { createSourceHttpClients, type SourceHttpClients } from "./adapters/sources/source-http-clients.js";
import { openStorage, semanticDatabaseFile } from "./adapters/storage/open-storage.js";
import { createSqliteStorage } from "./adapters/storage/sqlite/sqlite-storage.js";
import type { Storage } from "./adapters/storage/storage.js";
import type { Config } from "./config.js";
import { createListingsService } from "./core/listings/listings-service.js";
import { createImportService } from "./core/papers/import-service.js";
import { createPapersService } from "./core/papers/papers-service.js";
import { createTrendingService } from "./core/ranking/trending-service.js";
import { semanticDirectory } from "./adapters/embeddings/create-embedder.js";
import { type SemanticRuntime, createSemanticRuntime } from "./adapters/embeddings/semantic-runtime.js";
import { createSearchService } from "./core/search/search-service.js";
import type { SearchService } from "./core/search/search-types.js";
import { createLogger, type Logger } from "./lib/logger.js";
import { createMailer } from "./adapters/mail/create-mailer.js";
import { type AppDigests, createAppDigests } from "./app-digests.js";
import { createArgon2PasswordHasher } from "./adapters/passwords/argon2-password-hasher.js";
import { type AccountService, createAccountService } from "./core/accounts/account-service.js";
import { type DiscussionService, createDiscussionService } from "./core/discussion/discussion-service.js";
import { type AuthorClaimService, createAuthorClaimService } from "./core/discussion/author-claims.js";
import { type ModerationServices, createModerationServices } from "./app-moderation.js";
import type { Mailer } from "./core/mail/ports.js";
import { createAccountMailNotifier } from "./delivery/email/account-notifier.js";
import { createSecretTokens } from "./lib/secret-token.js";
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
  /** Keyword, semantic and hybrid search, and similar papers. */
  readonly search: SearchService;
  /** Search by meaning: its embedder and vector index (null when PAPERBOY_EMBEDDER=off). */
  readonly semantic: SemanticRuntime | null;
  /** Embeds papers added or changed since the last run (training the model first if needed); returns how many. */
  syncSemanticIndex(): Promise<number>;
  /** Polite HTTP clients for arXiv, Hugging Face and GitHub (ingestion builds on them). */
  readonly sourceHttp: SourceHttpClients;
  /** Calls `listener` whenever this process changes content (imports, votes), to drop caches. */
  onContentChanged(listener: () => void): void;
  /** The one way mail leaves the hub: SMTP when SMTP_URL is set, else log lines. */
  readonly mailer: Mailer;
  /** Sign-up, sign-in, sessions, password reset, settings, API tokens, roles. */
  readonly accounts: AccountService;
  /** Upvotes, submissions, comments, reports and moderation. */
  readonly discussion: DiscussionService;
  /** Claimed authorship: claims, their review, and the approved authors comments are badged by. */
  readonly authorClaims: AuthorClaimService;
  /** The admin pages' operations: the report queue, user moderation, featuring papers. */
  readonly moderation: ModerationServices;
  /** Email digests: lists, issues, the outbox and its sender, link tokens (app-digests.ts). */
  readonly digests: AppDigests;
  close(): Promise<void>;
}

export interface AppOverrides {
  readonly now?: () => Date;
  readonly logger?: Logger;
  readonly storage?: Storage;
  readonly sourceHttp?: SourceHttpClients;
  /** The database file a worker thread may open; defaults to the configured one unless `storage` is given. */
  readonly databaseFile?: string | null;
  readonly mailer?: Mailer;
}

export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const now = overrides.now ?? (() => new Date());
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  if (config.databaseUrl !== null && overrides.storage === undefined) {
    throw new Error("DATABASE_URL is set: open the app with openApp(config), which connects to PostgreSQL first");
  }
  const storage =
    overrides.storage ??
    createSqliteStorage(config.databaseFile, { searchListCacheBytes: config.searchListCacheBytes });
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
  const semantic =
    config.search.embedder === "off"
      ? null
      : catchingUpBeforeBuilds(
          createSemanticRuntime({
            config: config.search,
            directory: semanticDirectory(config.dataDir),
            source: storage.embeddingSource,
            databaseFile: overrides.databaseFile ?? (overrides.storage ? null : config.databaseFile),
            logger,
          }),
          storage.embeddingSource,
        );
  const search = createSearchService({
    keyword: storage.keywordIndex,
    papers: storage.papers,
    trending,
    semantic,
    preferredMode: config.search.defaultMode,
    now,
  });
  const sourceHttp = overrides.sourceHttp ?? createSourceHttpClients(config.sources, APP_VERSION);
  const mailer =
    overrides.mailer ??
    createMailer({
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      ...(config.digests.dkim === null ? {} : { dkim: config.digests.dkim }),
      logger,
    });
  const digests = createAppDigests({ config, storage, trending, mailer, logger, now });
  const accountMail = createAccountMailNotifier({ mailer, publicUrl: config.publicUrl, logger });
  const accounts = createAccountService({
    store: storage.accounts,
    passwords: createArgon2PasswordHasher(),
    tokens: createSecretTokens(),
    notifier: accountMail,
    sessionPolicy: { idleDays: config.accounts.sessionIdleDays, maxDays: config.accounts.sessionMaxDays },
    now,
  });
  // Approving or withdrawing a claim changes badges and isAuthorParticipating on cached answers.
  const authorClaims = createAuthorClaimService({
    store: storage.authorClaims,
    papers: storage.papers,
    log: storage.community.moderationLog,
    now,
    onChanged: notifyContentChanged,
  });
  const discussion = createDiscussionService({
    store: storage.community,
    papers: storage.papers,
    now,
    findPaperAuthorIds: authorClaims.findPaperAuthorIds,
    findAuthorIdsOfPapers: authorClaims.findAuthorIdsOfPapers,
    // Submissions of papers the hub lacks fetch them from arXiv, as `paperboy add` does.
    fetchPaper: createArxivPaperFetcher({
      api: createArxivApiClient({ http: sourceHttp.arxiv, baseUrl: config.sources.arxivApiUrl }),
      importBatches: (batches) => importer.importBatches(batches),
      now,
      logger,
    }),
    submissionPolicy: {
      windowDays: config.accounts.submissionWindowDays,
      dailyLimit: config.accounts.submissionsPerDay,
    },
    // Votes and submissions change what trending and the daily list show; comments change
    // threads and comment counts on cached public pages.
    onSignalsChanged: notifyContentChanged,
    onDiscussionChanged: notifyContentChanged,
  });
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
    search,
    semantic,
    async syncSemanticIndex() {
      const summary = semantic === null ? null : await semantic.refresh();
      return summary === null ? 0 : summary.embedded + summary.reembedded;
    },
    onContentChanged: (listener) => void changeListeners.add(listener),
    mailer,
    accounts,
    discussion,
    authorClaims,
    moderation: createModerationServices({ storage, discussion, now, onContentChanged: notifyContentChanged }),
    digests,
    async close() {
      semantic?.close();
      await accountMail.drain();
      await mailer.close();
      await storage.close();
    },
  };
}

/**
 * The app on the configured backend (DATABASE_URL: PostgreSQL, else SQLite), for the CLI.
 * `createApp` stays synchronous for tests that hand it a SQLite storage.
 */
export async function openApp(config: Config, overrides: Omit<AppOverrides, "storage" | "databaseFile"> = {}) {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const storage = await openStorage(config, { logger });
  return createApp(config, { ...overrides, logger, storage, databaseFile: semanticDatabaseFile(config) });
}

export { openMigrator } from "./adapters/storage/open-storage.js";

/**
 * A semantic build in a child process reads the SQLite file directly; on PostgreSQL that is
 * the search mirror, which follows the database only when the storage is asked. Asking
 * first brings the mirror up to date, so the build sees every committed paper.
 */
function catchingUpBeforeBuilds(runtime: SemanticRuntime, source: Storage["embeddingSource"]): SemanticRuntime {
  return Object.create(runtime, {
    refresh: {
      value: async (options?: Parameters<SemanticRuntime["refresh"]>[0]) => {
        await source.latestChangeId();
        return runtime.refresh(options);
      },
    },
  }) as SemanticRuntime;
}
