// An app wired the way `paperboy serve` wires it (config → createApp), on a database file or
// in memory, with the small fixture papers imported and subscribers added straight to the
// tables. No HTTP server: digest tests drive the service and the CLI command.
import { readFileSync } from "node:fs";
import { type App, createApp } from "../../../src/app.js";
import type { SqliteDatabase } from "../../../src/adapters/storage/sqlite/sqlite-database.js";
import { createSqliteStorage } from "../../../src/adapters/storage/sqlite/sqlite-storage.js";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/lib/logger.js";

const FIXTURE = new URL("../../fixtures/papers-small.jsonl", import.meta.url);

export async function createDigestTestApp(options: {
  env?: NodeJS.ProcessEnv;
  file?: string;
  now: () => Date;
  importPapers?: boolean;
}): Promise<App> {
  const config = loadConfig({
    PAPERBOY_DATA_DIR: "/tmp/paperboy-test-unused",
    LOG_LEVEL: "silent",
    PUBLIC_URL: "https://papers.example.org",
    MAIL_FROM: "Paperboy <digest@papers.example.org>",
    MAIL_POSTAL_ADDRESS: "1 Example Street, Springfield",
    DIGEST_SECRET: "k1:0123456789abcdef0123456789abcdef",
    ...options.env,
  });
  const app = createApp(config, {
    now: options.now,
    logger: createLogger("silent"),
    storage: createSqliteStorage(options.file ?? ":memory:"),
  });
  if (options.importPapers !== false) {
    const lines = readFileSync(FIXTURE, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    await app.importer.importLines(
      (async function* () {
        let line = 0;
        for (const text of lines) yield { number: ++line, text };
      })(),
    );
  }
  return app;
}

let sequence = 0;

/** A subscriber with one subscription to `listSlug` in `status`; returns its ids. */
export function addTestSubscriber(
  db: SqliteDatabase,
  email: string,
  status: "pending" | "confirmed" | "unsubscribed",
  listSlug = "daily",
  topics: readonly { kind: "category" | "keyword" | "author"; value: string }[] = [],
): { subscriberId: number; subscriptionId: number } {
  const at = new Date().toISOString();
  const id = (prefix: string) => `${prefix}${String(++sequence).padStart(20, "0")}`;
  const subscriberId = Number(
    db
      .prepare(
        "INSERT INTO digest_subscribers (public_id, email, email_norm, email_hmac, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(id("S"), email, email, `hmac:${email}`, at, at).lastInsertRowid,
  );
  const list = db.prepare<[string], { id: number }>("SELECT id FROM digest_lists WHERE slug = ?").get(listSlug)!;
  const subscriptionId = Number(
    db
      .prepare(
        "INSERT INTO digest_subscriptions (public_id, subscriber_id, list_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(id("B"), subscriberId, list.id, status, at, at).lastInsertRowid,
  );
  for (const topic of topics) {
    db.prepare("INSERT INTO digest_subscription_topics (subscription_id, kind, value) VALUES (?, ?, ?)").run(
      subscriptionId,
      topic.kind,
      topic.value,
    );
  }
  return { subscriberId, subscriptionId };
}
