import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SubscriberDataExport } from "../../src/core/digests/subscription-ports.js";
import { type OpenStorage, useStorage } from "./contract-storage.js";
import {
  FORM,
  MANAGE_PAGE,
  NOW,
  USER_UNKNOWN,
  addConfirmed,
  claim,
  later,
  prepareIssue,
  record,
  saveLists,
  subscriptionRequest,
} from "./digest-contract-kit.js";

const at = (minutes: number) => later(minutes * 60_000);
const kinds = (data: SubscriberDataExport | null) => data?.consentLog.map((e) => e.kind);
const CONFIRM_PAGE = { source: "confirm-page", textVersion: "2026-11", ip: "198.51.100.0", userAgent: "Safari" };

/** Subscriptions, their topics, the consent log, export and erasure (src/core/digests/subscription-ports.ts). */
export function describeDigestSubscriptionContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: DigestStore subscriptions, consent and privacy`, () => {
    async function setUp(t: Parameters<typeof useStorage>[0]) {
      const storage = await useStorage(t, open);
      return { storage, store: storage.digests, ...(await saveLists(storage.digests)) };
    }

    it("subscribe → pending, confirm once, unsubscribe once, subscribe again → pending", async (t) => {
      const { store } = await setUp(t);
      const topics = [{ kind: "category", value: "cs.LG" }] as const;
      const pending = await store.requestSubscription(
        subscriptionRequest("Ada@Example.net", { topics: [...topics] }),
        NOW,
      );
      assert.deepEqual(pending, {
        subscriberPublicId: pending.subscriberPublicId,
        subscriptionPublicId: pending.subscriptionPublicId,
        listSlug: "daily",
        listName: "Daily",
        status: "pending",
        topics,
        suppressed: false,
        createdAt: NOW.toISOString(),
      });
      await store.recordConfirmationSent(pending.subscriptionPublicId, at(1));
      const confirmed = await Promise.all(
        Array.from({ length: 5 }, () => store.confirmSubscription(pending.subscriptionPublicId, CONFIRM_PAGE, at(2))),
      );
      assert.ok(confirmed.every((r) => r?.status === "confirmed"));
      assert.equal(await store.confirmSubscription("unknown", CONFIRM_PAGE, at(2)), null);
      const oneClick = { source: "list-unsubscribe-post", textVersion: null, ip: null, userAgent: null };
      const ended = await Promise.all(
        [1, 2, 3].map(() => store.unsubscribe(pending.subscriptionPublicId, oneClick, at(3))),
      );
      assert.ok(ended.every((r) => r?.status === "unsubscribed"));
      assert.equal(await store.unsubscribe("unknown", oneClick, at(3)), null);
      assert.equal(await store.confirmSubscription(pending.subscriptionPublicId, CONFIRM_PAGE, at(4)), null);
      const again = await store.requestSubscription(subscriptionRequest("Ada@Example.net"), at(5));
      assert.equal(again.subscriptionPublicId, pending.subscriptionPublicId, "the same subscription, reopened");
      assert.equal(again.status, "pending");
      assert.deepEqual(again.topics, []);
      assert.equal(again.createdAt, at(5).toISOString());
      const data = await store.exportSubscriberData(pending.subscriberPublicId, MANAGE_PAGE, at(6));
      assert.deepEqual(kinds(data), ["signup", "confirm_sent", "confirm", "one_click", "signup", "export"]);
      const confirm = data!.consentLog[2]!;
      assert.deepEqual(confirm, {
        kind: "confirm",
        at: at(2).toISOString(),
        source: "confirm-page",
        textVersion: "2026-11",
        ip: "198.51.100.0",
        userAgent: "Safari",
        details: null,
      });
      assert.deepEqual(data!.consentLog[0]!.details, { topics });
    });

    it("a signed-in subscriber skips double opt-in; a confirmed subscription is left as it is", async (t) => {
      const { storage, store } = await setUp(t);
      const user = await storage.accounts.users.insert({
        email: "ada@example.org",
        handle: "ada",
        displayName: "Ada",
        passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$ada",
        role: "user",
        emailVerifiedAt: NOW.toISOString(),
        createdAt: NOW.toISOString(),
      });
      const request = (overrides: Parameters<typeof subscriptionRequest>[1] = {}) =>
        subscriptionRequest("ada@example.org", { userId: user!.id, confirmNow: true, ...overrides });
      const record = await store.requestSubscription(request(), NOW);
      assert.equal(record.status, "confirmed");
      const weekly = await store.requestSubscription(request({ listSlug: "weekly", confirmNow: false }), NOW);
      assert.equal(weekly.status, "pending");
      const again = await store.requestSubscription(request({ topics: [{ kind: "keyword", value: "x" }] }), at(1));
      assert.deepEqual([again.status, again.topics, again.createdAt], ["confirmed", [], NOW.toISOString()]);
      assert.deepEqual(
        (await store.listUserSubscriptions(user!.id)).map((s) => [s.listSlug, s.status]),
        [
          ["daily", "confirmed"],
          ["weekly", "pending"],
        ],
      );
      assert.deepEqual(
        await store.listSubscriptions(record.subscriberPublicId),
        await store.listUserSubscriptions(user!.id),
      );
      const data = await store.exportSubscriberData(record.subscriberPublicId, MANAGE_PAGE, at(2));
      assert.deepEqual(kinds(data), ["signup", "confirm", "signup", "export"]);
      assert.equal(data?.subscriber.linkedToAccount, true);
      await assert.rejects(store.requestSubscription(subscriptionRequest("x@example.net", { listSlug: "nope" }), NOW));
    });

    it("topics are replaced and sorted bytewise; each change is logged", async (t) => {
      const { store } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net");
      const topics = [
        { kind: "keyword", value: "alpha" },
        { kind: "keyword", value: "Zeta" },
        { kind: "author", value: "Émile Borel" },
        { kind: "author", value: "Ada Lovelace" },
        { kind: "keyword", value: "beta" },
      ] as const;
      await store.updateTopics(a.subscriptionPublicId, [...topics], MANAGE_PAGE, at(1));
      await store.updateTopics("unknown", [...topics], MANAGE_PAGE, at(1));
      assert.deepEqual((await store.findSubscription(a.subscriptionPublicId))?.topics, [
        { kind: "author", value: "Ada Lovelace" },
        { kind: "author", value: "Émile Borel" },
        { kind: "keyword", value: "Zeta" },
        { kind: "keyword", value: "alpha" },
        { kind: "keyword", value: "beta" },
      ]);
      await store.updateTopics(a.subscriptionPublicId, [], MANAGE_PAGE, at(2));
      assert.deepEqual((await store.findSubscription(a.subscriptionPublicId))?.topics, []);
      const data = await store.exportSubscriberData(a.subscriberPublicId, MANAGE_PAGE, at(3));
      assert.deepEqual(kinds(data), ["signup", "confirm", "prefs", "prefs", "export"]);
      assert.deepEqual(data?.consentLog[3]?.details, { topics: [] });
    });

    it("pending subscriptions expire; a frequency change moves a subscription between lists", async (t) => {
      const { store } = await setUp(t);
      const old = await store.requestSubscription(subscriptionRequest("old@example.net"), NOW);
      const fresh = await store.requestSubscription(subscriptionRequest("fresh@example.net"), at(10));
      assert.equal(await store.expirePending(at(5), at(20)), 1);
      assert.equal(await store.expirePending(at(5), at(20)), 0);
      assert.equal((await store.findSubscription(old.subscriptionPublicId))?.status, "unsubscribed");
      assert.equal((await store.findSubscription(fresh.subscriptionPublicId))?.status, "pending");
      const a = await addConfirmed(store, "a@example.net", [{ kind: "category", value: "cs.CL" }]);
      const moved = await store.changeFrequency(a.subscriptionPublicId, "weekly", MANAGE_PAGE, at(1));
      assert.deepEqual(
        [moved?.subscriptionPublicId, moved?.listSlug, moved?.status],
        [a.subscriptionPublicId, "weekly", "confirmed"],
      );
      assert.deepEqual(moved?.topics, [{ kind: "category", value: "cs.CL" }]);
      assert.equal(await store.changeFrequency(a.subscriptionPublicId, "monthly", MANAGE_PAGE, at(2)), null);
      assert.equal(await store.changeFrequency(old.subscriptionPublicId, "weekly", MANAGE_PAGE, at(2)), null);
      // Back to daily, where a new (unsubscribed) subscription now exists: that one takes over.
      const daily = await store.requestSubscription(subscriptionRequest("a@example.net"), at(3));
      await store.unsubscribe(daily.subscriptionPublicId, MANAGE_PAGE, at(4));
      const back = await store.changeFrequency(a.subscriptionPublicId, "daily", MANAGE_PAGE, at(5));
      assert.deepEqual([back?.subscriptionPublicId, back?.status], [daily.subscriptionPublicId, "confirmed"]);
      assert.deepEqual(back?.topics, [{ kind: "category", value: "cs.CL" }]);
      assert.equal((await store.findSubscription(a.subscriptionPublicId))?.status, "unsubscribed");
      const log = (await store.exportSubscriberData(a.subscriberPublicId, MANAGE_PAGE, at(6)))!.consentLog;
      assert.deepEqual(
        log.filter((e) => e.kind === "prefs").map((e) => e.details),
        [{ frequency: { from: "daily", to: "weekly" } }, { frequency: { from: "weekly", to: "daily" } }],
      );
    });

    it("the consent log only grows: earlier entries never change, whatever happens later", async (t) => {
      const { store } = await setUp(t);
      const a = await store.requestSubscription(subscriptionRequest("a@example.net"), NOW);
      await store.confirmSubscription(a.subscriptionPublicId, CONFIRM_PAGE, at(1));
      const before = (await store.exportSubscriberData(a.subscriberPublicId, FORM, at(2)))!.consentLog;
      await store.updateTopics(a.subscriptionPublicId, [{ kind: "keyword", value: "x" }], FORM, at(3));
      await store.unsubscribe(a.subscriptionPublicId, FORM, at(4));
      await store.requestSubscription(subscriptionRequest("a@example.net", { confirmNow: true }), at(5));
      const after = (await store.exportSubscriberData(a.subscriberPublicId, FORM, at(6)))!.consentLog;
      assert.deepEqual(after.slice(0, before.length), before);
      assert.deepEqual(
        after.slice(before.length).map((e) => e.kind),
        ["prefs", "unsubscribe", "signup", "confirm", "export"],
      );
      assert.deepEqual(
        after.map((e) => e.at),
        [0, 1, 2, 3, 4, 5, 5, 6].map((m) => at(m).toISOString()),
      );
    });

    it("export: everything held about a subscriber, as plain data", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net", [{ kind: "keyword", value: "graphs" }]);
      await prepareIssue(store, daily);
      const [delivery] = await claim(store, "w");
      await record(store, delivery!.id, USER_UNKNOWN);
      assert.equal(await store.exportSubscriberData("unknown", FORM, NOW), null);
      const data = await store.exportSubscriberData(a.subscriberPublicId, FORM, at(1));
      assert.deepEqual(data?.subscriber, {
        id: a.subscriberPublicId,
        email: "a@example.net",
        status: "active",
        linkedToAccount: false,
        createdAt: NOW.toISOString(),
      });
      assert.deepEqual(data?.subscriptions, [
        {
          id: a.subscriptionPublicId,
          list: "daily",
          status: "bounced",
          topics: [{ kind: "keyword", value: "graphs" }],
          createdAt: NOW.toISOString(),
          confirmedAt: NOW.toISOString(),
          endedAt: NOW.toISOString(),
          endReason: "hard bounce 550 5.1.1",
        },
      ]);
      assert.deepEqual(data?.deliveries, [
        {
          list: "daily",
          issue: NOW.toISOString().slice(0, 10),
          status: "failed",
          messageId: delivery!.messageId,
          createdAt: NOW.toISOString(),
          sentAt: null,
          papers: ["p1", "p2", "p3"],
        },
      ]);
      assert.deepEqual(kinds(data), ["signup", "confirm", "bounce_suppress", "export"]);
      assert.deepEqual(data?.consentLog.at(-1), {
        kind: "export",
        at: at(1).toISOString(),
        source: FORM.source,
        textVersion: FORM.textVersion,
        ip: FORM.ip,
        userAgent: FORM.userAgent,
        details: {},
      });
    });

    it("erasure: the address goes, queued mail is skipped, the suppression (a keyed hash) stays", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net", [{ kind: "keyword", value: "graphs" }]);
      const weekly = await store.requestSubscription(subscriptionRequest("a@example.net", { listSlug: "weekly" }), NOW);
      const b = await addConfirmed(store, "b@example.net");
      const firstIssue = await prepareIssue(store, daily);
      const [toA] = await claim(store, "w", NOW, 1);
      assert.equal(toA?.toEmail, "a@example.net");
      await record(store, toA!.id, USER_UNKNOWN);
      const results = await Promise.all([1, 2].map(() => store.eraseSubscriber(a.subscriberPublicId, FORM, at(1))));
      assert.deepEqual(results.sort(), [false, true], "erased once");
      assert.equal(await store.eraseSubscriber("unknown", FORM, at(1)), false);
      assert.equal(await store.findSubscriberContact(a.subscriberPublicId), null);
      assert.equal(await store.findSubscriberByEmail("a@example.net"), null);
      assert.equal(await store.exportSubscriberData(a.subscriberPublicId, FORM, at(2)), null);
      assert.deepEqual(await store.listSubscriptions(a.subscriberPublicId), []);
      const tombstone = await store.findSubscription(weekly.subscriptionPublicId);
      assert.deepEqual([tombstone?.status, tombstone?.topics], ["unsubscribed", []]);
      assert.deepEqual((await store.findSubscription(a.subscriptionPublicId))?.topics, []);
      assert.deepEqual(await store.countDeliveries(firstIssue), { failed: 1, queued: 1 }, "b's delivery is untouched");
      assert.deepEqual(await store.findSubscriberContact(b.subscriberPublicId), {
        subscriberPublicId: b.subscriberPublicId,
        email: "b@example.net",
      });
      const back = await store.requestSubscription(subscriptionRequest("a@example.net", { confirmNow: true }), at(3));
      assert.notEqual(
        back.subscriberPublicId,
        a.subscriberPublicId,
        "a new subscriber: nothing links it to the old one",
      );
      assert.equal(back.suppressed, true, "the hard bounce still suppresses the address");
      const fresh = await store.exportSubscriberData(back.subscriberPublicId, FORM, at(4));
      assert.deepEqual(kinds(fresh), ["signup", "confirm", "export"]);
      assert.deepEqual(fresh?.suppression, { suppressed: true, reason: "hard_bounce", since: NOW.toISOString() });
      assert.deepEqual(
        (await store.listAudience(daily, 0, 10)).map((m) => m.email),
        ["b@example.net"],
      );
    });

    it("erasure skips a queued delivery of the erased subscriber", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net");
      const issueId = await prepareIssue(store, daily);
      assert.equal(await store.eraseSubscriber(a.subscriberPublicId, MANAGE_PAGE, at(1)), true);
      assert.deepEqual(await store.countDeliveries(issueId), { skipped: 1 });
      assert.deepEqual(await claim(store, "w", at(2)), []);
    });
  });
}
