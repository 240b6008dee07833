import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { createSqliteDigestStore } from "../../src/adapters/storage/sqlite/sqlite-digest-store.js";
import { applySqliteMigrations } from "../../src/adapters/storage/sqlite/sqlite-migrations.js";
import { decideDeliveryOutcome } from "../../src/core/digests/decide-delivery-outcome.js";
import { DEFAULT_DAILY_CADENCE, findDueIssuePeriod, type IssuePeriod } from "../../src/core/digests/issue-period.js";
import { createPublicId } from "../../src/core/digests/link-tokens.js";
import type { DigestStore, PreparedDelivery } from "../../src/core/digests/ports.js";
import type { MailResult } from "../../src/core/mail/ports.js";

const NOW = new Date("2026-11-26T07:00:00Z");
const LEASE_MS = 5 * 60_000;
const later = (ms: number) => new Date(NOW.getTime() + ms);
const PERIOD: IssuePeriod = findDueIssuePeriod(DEFAULT_DAILY_CADENCE, NOW)!;
const CONTENT = { trending: ["p1", "p2", "p3"], pool: ["p1", "p2", "p3", "p4"] };
const SELECTION = CONTENT.trending.map((paperId) => ({ paperId, section: "trending" as const, matchedTopics: [] }));

let db: SqliteDatabase;
let store: DigestStore;
let listId: number;

/** Subscribers are written with SQL here: the subscription flows belong to the service. */
function addSubscriber(
  email: string,
  status = "confirmed",
  topics: [string, string][] = [],
): { subscriberId: number; subscriptionId: number } {
  const at = NOW.toISOString();
  const subscriberId = Number(
    db
      .prepare(
        `INSERT INTO digest_subscribers (public_id, email, email_norm, email_hmac, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(createPublicId(), email, email, `hmac:${email}`, at, at).lastInsertRowid,
  );
  const subscriptionId = Number(
    db
      .prepare(
        `INSERT INTO digest_subscriptions (public_id, subscriber_id, list_id, status, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(createPublicId(), subscriberId, listId, status, at, at).lastInsertRowid,
  );
  for (const [kind, value] of topics) {
    db.prepare("INSERT INTO digest_subscription_topics (subscription_id, kind, value) VALUES (?, ?, ?)").run(
      subscriptionId,
      kind,
      value,
    );
  }
  return { subscriberId, subscriptionId };
}

async function prepareIssue(): Promise<number> {
  const { issue } = await store.openIssue(listId, PERIOD, NOW);
  const audience = await store.listAudience(listId, 0, 100);
  const deliveries: PreparedDelivery[] = audience.map((member) => {
    const publicId = createPublicId().replace(/[^A-Za-z0-9]/g, "x");
    return {
      ...member,
      toEmail: member.email,
      publicId,
      messageId: `d.${publicId}@papers.example.org`,
      selection: SELECTION,
      skipped: false,
    };
  });
  await store.addDeliveries(issue.id, CONTENT, deliveries, NOW);
  await store.markIssuePrepared(issue.id, NOW);
  return issue.id;
}

function count(sql: string): number {
  return db.prepare<[], { n: number }>(sql).get()!.n;
}

function statusOf(table: string, id: number): string {
  return db.prepare<[number], { status: string }>(`SELECT status FROM ${table} WHERE id = ?`).get(id)!.status;
}

function record(store: DigestStore, deliveryId: number, result: MailResult, attempts = 1, now = NOW) {
  return store.recordDeliveryOutcome(
    deliveryId,
    decideDeliveryOutcome(result, { attempts, firstAttemptAt: NOW, now }),
    now,
  );
}

beforeEach(async () => {
  db = openSqliteDatabase(":memory:");
  applySqliteMigrations(db);
  store = createSqliteDigestStore(db);
  const list = await store.saveList(
    {
      slug: "daily",
      name: "Daily trending papers",
      cadence: DEFAULT_DAILY_CADENCE,
      listIdHeader: "daily.papers.example.org",
      active: true,
    },
    NOW,
  );
  listId = list.id;
});

describe("SQLite digest store: lists and issues", () => {
  test("all migrations apply, and saving a list again updates it in place", async () => {
    assert.deepEqual(applySqliteMigrations(db), []);
    const weekly = { kind: "weekly", weekday: 5, sendAtMinute: 600 } as const;
    const saved = await store.saveList(
      { slug: "daily", name: "Daily", cadence: weekly, listIdHeader: "d.example.org", active: false },
      NOW,
    );
    assert.equal(saved.id, listId);
    assert.deepEqual(await store.listLists(), [saved]);
    assert.deepEqual(saved.cadence, weekly);
  });

  test("two scheduler ticks in one period open one issue", async () => {
    const first = await store.openIssue(listId, findDueIssuePeriod(DEFAULT_DAILY_CADENCE, NOW)!, NOW);
    const second = await store.openIssue(
      listId,
      findDueIssuePeriod(DEFAULT_DAILY_CADENCE, later(60_000))!,
      later(60_000),
    );
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.issue.id, first.issue.id);
    assert.equal(count("SELECT count(*) AS n FROM digest_issues"), 1);
  });
});

describe("SQLite digest store: audience and preparation", () => {
  test("the audience is confirmed, active, unsuppressed subscriptions, with their topics, paged", async () => {
    const a = addSubscriber("a@example.net", "confirmed", [
      ["category", "cs.LG"],
      ["keyword", "diffusion"],
    ]);
    addSubscriber("pending@example.net", "pending");
    addSubscriber("gone@example.net", "unsubscribed");
    addSubscriber("suppressed@example.net");
    db.prepare("INSERT INTO mail_suppressions (email_hmac, reason, created_at) VALUES (?, 'complaint', ?)").run(
      "hmac:suppressed@example.net",
      NOW.toISOString(),
    );
    const b = addSubscriber("b@example.net");
    const audience = await store.listAudience(listId, 0, 10);
    assert.deepEqual(
      audience.map((m) => m.email),
      ["a@example.net", "b@example.net"],
    );
    assert.deepEqual(audience[0]!.topics, [
      { kind: "category", value: "cs.LG" },
      { kind: "keyword", value: "diffusion" },
    ]);
    assert.deepEqual(
      (await store.listAudience(listId, a.subscriptionId, 10)).map((m) => m.subscriptionId),
      [b.subscriptionId],
    );
  });

  test("preparing twice adds no delivery and keeps the first frozen content", async () => {
    addSubscriber("a@example.net");
    addSubscriber("b@example.net");
    const issueId = await prepareIssue();
    const again = await store.addDeliveries(issueId, { trending: ["other"], pool: ["other"] }, [], NOW);
    assert.equal(again, 0);
    await prepareIssue();
    assert.equal(count("SELECT count(*) AS n FROM digest_deliveries"), 2);
    const issue = await store.findIssue(issueId);
    assert.deepEqual(issue?.content, CONTENT);
    assert.equal(issue?.status, "prepared");
  });
});

describe("SQLite digest store: claiming and outcomes", () => {
  test("a claim leases each due delivery to one worker; a second claim gets nothing", async () => {
    addSubscriber("a@example.net");
    addSubscriber("b@example.net");
    await prepareIssue();
    const first = await store.claimDeliveries({ workerId: "w1", now: NOW, leaseMs: LEASE_MS, limit: 10 });
    const second = await store.claimDeliveries({ workerId: "w2", now: NOW, leaseMs: LEASE_MS, limit: 10 });
    assert.equal(first.length, 2);
    assert.equal(second.length, 0);
    assert.deepEqual(first[0]!.selection, SELECTION);
    assert.equal(first[0]!.attempts, 1);
    assert.match(first[0]!.messageId, /^d\..+@papers\.example\.org$/);
  });

  test("nothing is claimed before the issue is prepared", async () => {
    addSubscriber("a@example.net");
    const { issue } = await store.openIssue(listId, PERIOD, NOW);
    const [member] = await store.listAudience(listId, 0, 1);
    const delivery = {
      ...member!,
      toEmail: member!.email,
      publicId: "abcdefgh12345678",
      messageId: "d.abcdefgh12345678@x.org",
      selection: SELECTION,
      skipped: false,
    };
    await store.addDeliveries(issue.id, CONTENT, [delivery], NOW);
    assert.equal((await store.claimDeliveries({ workerId: "w", now: NOW, leaseMs: LEASE_MS, limit: 10 })).length, 0);
  });

  test("send-time guard: an unsubscribe after preparation skips the delivery", async () => {
    const a = addSubscriber("a@example.net");
    await prepareIssue();
    db.prepare("UPDATE digest_subscriptions SET status = 'unsubscribed' WHERE id = ?").run(a.subscriptionId);
    assert.equal((await store.claimDeliveries({ workerId: "w", now: NOW, leaseMs: LEASE_MS, limit: 10 })).length, 0);
    assert.equal(db.prepare<[], { status: string }>("SELECT status FROM digest_deliveries").get()!.status, "skipped");
  });

  test("sent, then the issue finishes; sent papers are remembered for the subscriber", async () => {
    const a = addSubscriber("a@example.net");
    const issueId = await prepareIssue();
    const [claimed] = await store.claimDeliveries({ workerId: "w", now: NOW, leaseMs: LEASE_MS, limit: 10 });
    await record(store, claimed!.id, {
      outcome: "sent",
      messageId: claimed!.messageId,
      reply: "250 2.0.0 Ok: queued as X",
    });
    assert.equal(statusOf("digest_deliveries", claimed!.id), "sent");
    assert.equal(await store.finishIssues(NOW), 1);
    assert.equal(statusOf("digest_issues", issueId), "done");
    assert.deepEqual([...(await store.listSentPaperIds([a.subscriberId])).get(a.subscriberId)!].sort(), [
      "p1",
      "p2",
      "p3",
    ]);
  });

  test("452 → deferred until its next attempt; then claimable again with the same Message-ID", async () => {
    addSubscriber("a@example.net");
    await prepareIssue();
    const [claimed] = await store.claimDeliveries({ workerId: "w", now: NOW, leaseMs: LEASE_MS, limit: 10 });
    const refusal: MailResult = {
      outcome: "rejected",
      permanent: false,
      code: 452,
      enhancedCode: "4.2.2",
      reply: "452 4.2.2 Mailbox full",
      beforeData: true,
    };
    await record(store, claimed!.id, refusal);
    assert.equal(statusOf("digest_deliveries", claimed!.id), "deferred");
    assert.equal(
      (await store.claimDeliveries({ workerId: "w", now: later(4 * 60_000), leaseMs: LEASE_MS, limit: 10 })).length,
      0,
    );
    const [retry] = await store.claimDeliveries({
      workerId: "w",
      now: later(5 * 60_000),
      leaseMs: LEASE_MS,
      limit: 10,
    });
    assert.equal(retry?.messageId, claimed!.messageId);
    assert.equal(retry?.attempts, 2);
    assert.equal(retry?.firstAttemptAt.toISOString(), NOW.toISOString());
    assert.equal(await store.finishIssues(later(5 * 60_000)), 0, "an issue with a row in flight is not done");
  });

  test("550 5.1.1 → failed, subscription bounced, address suppressed, events written once", async () => {
    const a = addSubscriber("a@example.net");
    await prepareIssue();
    const [claimed] = await store.claimDeliveries({ workerId: "w", now: NOW, leaseMs: LEASE_MS, limit: 10 });
    const refusal: MailResult = {
      outcome: "rejected",
      permanent: true,
      code: 550,
      enhancedCode: "5.1.1",
      reply: "550 5.1.1 User unknown",
      beforeData: true,
    };
    await record(store, claimed!.id, refusal);
    await record(store, claimed!.id, refusal);
    assert.equal(statusOf("digest_deliveries", claimed!.id), "failed");
    assert.equal(statusOf("digest_subscriptions", a.subscriptionId), "bounced");
    assert.equal(count("SELECT count(*) AS n FROM mail_suppressions WHERE email_hmac = 'hmac:a@example.net'"), 1);
    assert.equal(count("SELECT count(*) AS n FROM mail_events WHERE kind = 'hard'"), 1);
    assert.equal(count("SELECT count(*) AS n FROM digest_consent_events WHERE kind = 'bounce_suppress'"), 1);
    assert.deepEqual(await store.listAudience(listId, 0, 10), []);
  });

  test("5.7.26 → the issue pauses, nobody is suppressed; resuming sends the held delivery", async () => {
    const a = addSubscriber("a@example.net");
    addSubscriber("b@example.net");
    const issueId = await prepareIssue();
    const [first] = await store.claimDeliveries({ workerId: "w", now: NOW, leaseMs: LEASE_MS, limit: 1 });
    const policy: MailResult = {
      outcome: "rejected",
      permanent: true,
      code: 550,
      enhancedCode: "5.7.26",
      reply: "550 5.7.26 Unauthenticated",
      beforeData: false,
    };
    await record(store, first!.id, policy);
    assert.equal(statusOf("digest_issues", issueId), "paused");
    assert.equal(statusOf("digest_subscriptions", a.subscriptionId), "confirmed");
    assert.equal(count("SELECT count(*) AS n FROM mail_suppressions"), 0);
    assert.equal(
      (await store.claimDeliveries({ workerId: "w", now: later(24 * 3_600_000), leaseMs: LEASE_MS, limit: 10 })).length,
      0,
    );
    assert.equal(await store.finishIssues(later(24 * 3_600_000)), 0, "a paused issue is not done");
    await store.resumeIssue(issueId);
    const resumed = await store.claimDeliveries({
      workerId: "w",
      now: later(24 * 3_600_000),
      leaseMs: LEASE_MS,
      limit: 10,
    });
    assert.equal(resumed.length, 2);
  });

  test("a lease that expires while sending → uncertain, never claimed again, counted as sent papers", async () => {
    const a = addSubscriber("a@example.net");
    await prepareIssue();
    const [claimed] = await store.claimDeliveries({ workerId: "dead", now: NOW, leaseMs: LEASE_MS, limit: 10 });
    assert.equal(await store.expireLeases(later(LEASE_MS - 1)), 0);
    assert.equal(await store.expireLeases(later(LEASE_MS)), 1);
    assert.equal(statusOf("digest_deliveries", claimed!.id), "uncertain");
    assert.equal(
      (await store.claimDeliveries({ workerId: "w", now: later(LEASE_MS), leaseMs: LEASE_MS, limit: 10 })).length,
      0,
    );
    assert.equal((await store.listSentPaperIds([a.subscriberId])).get(a.subscriberId)!.size, 3);
    assert.equal(await store.finishIssues(later(LEASE_MS)), 1);
  });
});

describe("consent events", () => {
  test("append-only: no delete, no rewrite; ip and user agent may be blanked for erasure", () => {
    const { subscriberId } = addSubscriber("a@example.net");
    const id = db
      .prepare(
        `INSERT INTO digest_consent_events (subscriber_id, kind, at, source, ip, user_agent)
        VALUES (?, 'signup', ?, 'form', '203.0.113.0', 'Firefox')`,
      )
      .run(subscriberId, NOW.toISOString()).lastInsertRowid;
    assert.throws(() => db.prepare("DELETE FROM digest_consent_events WHERE id = ?").run(id), /append-only/);
    assert.throws(
      () => db.prepare("UPDATE digest_consent_events SET kind = 'confirm' WHERE id = ?").run(id),
      /append-only/,
    );
    assert.throws(
      () => db.prepare("UPDATE digest_consent_events SET ip = '198.51.100.0' WHERE id = ?").run(id),
      /append-only/,
    );
    db.prepare("UPDATE digest_consent_events SET ip = NULL, user_agent = NULL WHERE id = ?").run(id);
    assert.deepEqual(db.prepare("SELECT ip, user_agent FROM digest_consent_events WHERE id = ?").get(id), {
      ip: null,
      user_agent: null,
    });
  });
});
