import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FeedbackDecision } from "../../src/core/digests/decide-feedback-effects.js";
import type { ClaimedDelivery, DigestStore, FeedbackRecord } from "../../src/core/digests/ports.js";
import { type OpenStorage, useStorage } from "./contract-storage.js";
import {
  DAY_MS,
  MANAGE_PAGE,
  NOW,
  SENT,
  addConfirmed,
  claim,
  prepareIssue,
  record,
  saveLists,
  subscriptionRequest,
} from "./digest-contract-kit.js";

const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
const HARD: FeedbackDecision = { event: "hard", subscriptionStatus: "bounced", suppression: "hard_bounce" };
const SOFT: FeedbackDecision = { event: "soft", subscriptionStatus: null, suppression: null };
const COMPLAINT: FeedbackDecision = { event: "complaint", subscriptionStatus: "complained", suppression: "complaint" };
const DELAYED: FeedbackDecision = { event: "delayed", subscriptionStatus: null, suppression: null };

function report(delivery: ClaimedDelivery, decision: FeedbackDecision, dedupeKey: string): FeedbackRecord {
  return {
    deliveryPublicId: delivery.publicId,
    messageId: null,
    source: decision.event === "complaint" ? "arf" : "dsn",
    decision,
    statusCode: decision.event === "complaint" ? null : "5.2.2",
    diagnostic: "<a@example.net>: mailbox full",
    dedupeKey,
  };
}

/** Bounce and complaint reports, and the soft-bounce rule (src/core/digests/soft-bounce-rule.ts). */
export function describeDigestFeedbackContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: DigestStore reports and the soft-bounce rule`, () => {
    async function setUp(t: Parameters<typeof useStorage>[0]) {
      const store = (await useStorage(t, open)).digests;
      return { store, ...(await saveLists(store)) };
    }

    /** One issue of the day `days` ago with one delivery to each audience member, claimed then. */
    async function sendOn(store: DigestStore, listId: number, days: number): Promise<ClaimedDelivery[]> {
      await prepareIssue(store, listId, daysAgo(days));
      return claim(store, "w", daysAgo(days));
    }

    it("a report is applied once: by VERP id or Message-ID, duplicates (even in parallel) ignored", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net");
      const [delivery] = await sendOn(store, daily, 0);
      await record(store, delivery!.id, SENT);
      const unknown = { ...report(delivery!, HARD, "k0"), deliveryPublicId: "nobody", messageId: "nothing@x" };
      assert.equal(await store.recordFeedback(unknown, NOW), "unknown-delivery");
      const byMessageId = { ...report(delivery!, HARD, "k1"), deliveryPublicId: null, messageId: delivery!.messageId };
      const results = await Promise.all(Array.from({ length: 5 }, () => store.recordFeedback(byMessageId, NOW)));
      assert.deepEqual(results.sort(), ["duplicate", "duplicate", "duplicate", "duplicate", "recorded"]);
      assert.equal(await store.recordFeedback(byMessageId, NOW), "duplicate");
      const after = await store.findSubscription(a.subscriptionPublicId);
      assert.equal(after?.status, "bounced");
      assert.equal(after?.suppressed, true);
      const data = await store.exportSubscriberData(a.subscriberPublicId, MANAGE_PAGE, NOW);
      assert.deepEqual(data?.mailEvents, [{ kind: "hard", source: "dsn", statusCode: "5.2.2", at: NOW.toISOString() }]);
      assert.equal(data?.suppression.reason, "hard_bounce");
      assert.deepEqual(
        data?.consentLog.filter((e) => e.kind === "bounce_suppress").map((e) => [e.source, e.details]),
        [["dsn", { deliveryId: delivery!.id }]],
      );
    });

    it("a complaint ends every subscription of the subscriber and suppresses the address", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net");
      const weekly = await store.requestSubscription(subscriptionRequest("a@example.net", { listSlug: "weekly" }), NOW);
      const b = await addConfirmed(store, "b@example.net");
      const [delivery] = await sendOn(store, daily, 0);
      assert.equal(await store.recordFeedback(report(delivery!, COMPLAINT, "arf:1"), NOW), "recorded");
      assert.equal((await store.findSubscription(a.subscriptionPublicId))?.status, "complained");
      assert.equal((await store.findSubscription(weekly.subscriptionPublicId))?.status, "complained");
      assert.equal((await store.findSubscription(b.subscriptionPublicId))?.status, "confirmed");
      const data = await store.exportSubscriberData(a.subscriberPublicId, MANAGE_PAGE, NOW);
      assert.equal(data?.suppression.reason, "complaint");
      assert.equal(data?.consentLog.filter((e) => e.kind === "complaint").length, 1);
      assert.equal(
        data?.consentLog.some((e) => e.kind === "bounce_suppress"),
        false,
      );
      assert.deepEqual(
        (await store.listAudience(daily, 0, 10)).map((m) => m.email),
        ["b@example.net"],
      );
    });

    it("three soft bounces in 30 days (SMTP give-up or DSN) end the subscription, without suppression", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net", [], daysAgo(40));
      const [first] = await sendOn(store, daily, 20);
      const giveUp = {
        status: "failed" as const,
        bounce: "soft" as const,
        lastCode: "452 4.2.2",
        effects: { bounceSubscription: false, suppressAddress: false, pauseIssue: false, connectionFailure: false },
      };
      await store.recordDeliveryOutcome(first!.id, giveUp, daysAgo(19));
      const [second] = await sendOn(store, daily, 10);
      await record(store, second!.id, SENT, daysAgo(10));
      assert.equal(await store.recordFeedback(report(second!, SOFT, "dsn:2"), daysAgo(9)), "recorded");
      assert.equal((await store.findSubscription(a.subscriptionPublicId))?.status, "confirmed", "two change nothing");
      const [third] = await sendOn(store, daily, 2);
      await record(store, third!.id, SENT, daysAgo(2));
      await store.recordFeedback(report(third!, SOFT, "dsn:3"), daysAgo(1));
      const after = await store.findSubscription(a.subscriptionPublicId);
      assert.equal(after?.status, "bounced");
      assert.equal(after?.suppressed, false, "soft bounces never suppress the address");
      await store.recordFeedback(report(third!, SOFT, "dsn:3b"), NOW);
      const log = (await store.exportSubscriberData(a.subscriberPublicId, MANAGE_PAGE, NOW))!.consentLog;
      const bounces = log.filter((e) => e.kind === "bounce");
      assert.equal(bounces.length, 1, "a later report adds no second entry");
      assert.deepEqual(
        (bounces[0]!.details as { softBounces: number[] }).softBounces.sort(),
        [first!.id, second!.id, third!.id].sort(),
      );
    });

    it("a clean delivery between soft bounces, or one older than 30 days, keeps the subscription", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net", [], daysAgo(60));
      const status = async () => (await store.findSubscription(a.subscriptionPublicId))?.status;
      const softAt = async (days: number, key: string) => {
        const [delivery] = await sendOn(store, daily, days);
        await record(store, delivery!.id, SENT, daysAgo(days));
        return store.recordFeedback(report(delivery!, SOFT, key), daysAgo(days - 0.5));
      };
      const cleanAt = async (days: number) => {
        const [delivery] = await sendOn(store, daily, days);
        await record(store, delivery!.id, SENT, daysAgo(days));
        return delivery!;
      };
      await softAt(45, "old");
      await softAt(20, "s1");
      await softAt(12, "s2");
      assert.equal(await status(), "confirmed", "the one 45 days ago is out of the window");
      await cleanAt(8);
      await softAt(6, "s3");
      assert.equal(await status(), "confirmed", "a clean delivery starts the count again");
      // A delayed report says the relay is still trying: its delivery still counts as clean.
      const delayed = await cleanAt(5);
      assert.equal(await store.recordFeedback(report(delayed, DELAYED, "d1"), daysAgo(4)), "recorded");
      await softAt(3, "s4");
      await softAt(2, "s5");
      assert.equal(await status(), "confirmed", "the delayed delivery counted as clean");
      await softAt(1, "s6");
      assert.equal(await status(), "bounced", "three in a row after the last clean delivery");
    });

    it("parallel soft-bounce reports still end each subscription at its third", async (t) => {
      const { store, daily } = await setUp(t);
      const emails = ["a", "b", "c", "d", "e"].map((name) => `${name}@example.net`);
      const subscriptions = await Promise.all(emails.map((email) => addConfirmed(store, email, [], daysAgo(40))));
      const deliveries: ClaimedDelivery[] = [];
      for (const days of [6, 4, 2]) {
        const sent = await sendOn(store, daily, days);
        for (const delivery of sent) await record(store, delivery.id, SENT, daysAgo(days));
        deliveries.push(...sent);
      }
      assert.equal(deliveries.length, 15);
      const results = await Promise.all(deliveries.map((d, i) => store.recordFeedback(report(d, SOFT, `p${i}`), NOW)));
      assert.ok(results.every((r) => r === "recorded"));
      for (const subscription of subscriptions) {
        assert.equal((await store.findSubscription(subscription.subscriptionPublicId))?.status, "bounced");
        const data = await store.exportSubscriberData(subscription.subscriberPublicId, MANAGE_PAGE, NOW);
        assert.equal(data!.consentLog.filter((e) => e.kind === "bounce").length, 1);
      }
    });
  });
}
