import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type OpenStorage, useStorage } from "./contract-storage.js";
import {
  MAILBOX_FULL,
  MANAGE_PAGE,
  NOW,
  SENT,
  UNAUTHENTICATED,
  USER_UNKNOWN,
  addConfirmed,
  claim,
  later,
  prepareIssue,
  record,
  saveLists,
  subscriptionRequest,
} from "./digest-contract-kit.js";

/** What one send attempt changes (src/core/digests/decide-delivery-outcome.ts): the delivery, subscription, address and issue. */
export function describeDigestOutcomeContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: DigestStore send outcomes`, () => {
    async function setUp(t: Parameters<typeof useStorage>[0]) {
      const store = (await useStorage(t, open)).digests;
      return { store, ...(await saveLists(store)) };
    }

    it("sent → the issue is sending, then done; the papers are remembered for the subscriber", async (t) => {
      const { store, daily } = await setUp(t);
      await addConfirmed(store, "a@example.net");
      await addConfirmed(store, "b@example.net");
      const issueId = await prepareIssue(store, daily);
      const [member] = await store.listAudience(daily, 0, 1);
      assert.deepEqual((await store.listSentPaperIds([member!.subscriberId, 999])).get(999), new Set());
      const [first, second] = await claim(store, "w");
      await record(store, first!.id, SENT);
      await record(store, first!.id, SENT);
      assert.equal((await store.findIssue(issueId))!.status, "sending");
      assert.deepEqual(await store.countDeliveries(issueId), { sent: 1, sending: 1 });
      assert.equal(await store.finishIssues(NOW), 0);
      await record(store, second!.id, { outcome: "uncertain", reason: "connection lost after DATA" });
      assert.deepEqual(await claim(store, "w", later(60 * 60_000)), [], "uncertain is never resent");
      assert.equal(await store.finishIssues(NOW), 1);
      assert.equal((await store.findIssue(issueId))!.status, "done");
      const sent = await store.listSentPaperIds([member!.subscriberId]);
      assert.deepEqual([...sent.get(member!.subscriberId)!].sort(), ["p1", "p2", "p3"]);
    });

    it("452 → deferred with backoff, then claimable again with the same Message-ID", async (t) => {
      const { store, daily } = await setUp(t);
      await addConfirmed(store, "a@example.net");
      const issueId = await prepareIssue(store, daily);
      const [leased] = await claim(store, "w");
      await record(store, leased!.id, MAILBOX_FULL);
      assert.deepEqual(await store.countDeliveries(issueId), { deferred: 1 });
      assert.deepEqual(await claim(store, "w", later(5 * 60_000 - 1)), [], "not before its next attempt");
      assert.equal(await store.finishIssues(later(60_000)), 0, "a deferred row keeps the issue open");
      const [retry] = await claim(store, "w", later(5 * 60_000));
      assert.equal(retry?.id, leased!.id);
      assert.equal(retry?.messageId, leased!.messageId);
      assert.equal(retry?.attempts, 2);
      assert.equal(retry?.firstAttemptAt.toISOString(), NOW.toISOString());
      await record(store, retry!.id, MAILBOX_FULL, later(5 * 60_000), 2);
      assert.deepEqual(await claim(store, "w", later(5 * 60_000 + 30 * 60_000 - 1)), [], "the second wait is longer");
      assert.equal((await claim(store, "w", later(35 * 60_000)))[0]?.attempts, 3);
    });

    it("550 5.1.1 → failed, subscription bounced, address suppressed, recorded once", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net");
      const issueId = await prepareIssue(store, daily);
      const [leased] = await claim(store, "w");
      await record(store, leased!.id, USER_UNKNOWN);
      await record(store, leased!.id, USER_UNKNOWN);
      assert.deepEqual(await store.countDeliveries(issueId), { failed: 1 });
      const after = await store.findSubscription(a.subscriptionPublicId);
      assert.equal(after?.status, "bounced");
      assert.equal(after?.suppressed, true);
      assert.deepEqual(await store.listAudience(daily, 0, 10), []);
      const data = await store.exportSubscriberData(a.subscriberPublicId, MANAGE_PAGE, NOW);
      assert.deepEqual(data?.mailEvents, [
        { kind: "hard", source: "smtp", statusCode: "550 5.1.1", at: NOW.toISOString() },
      ]);
      assert.deepEqual(data?.suppression, { suppressed: true, reason: "hard_bounce", since: NOW.toISOString() });
      assert.equal(data?.consentLog.filter((e) => e.kind === "bounce_suppress").length, 1);
      const again = await store.requestSubscription(
        subscriptionRequest("a@example.net", { confirmNow: true }),
        later(1),
      );
      assert.equal(again.status, "bounced", "a bounced subscription stays ended, whatever the form says");
    });

    it("5.7.26 → the issue pauses, nobody is suppressed; resuming sends the held delivery", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net");
      await addConfirmed(store, "b@example.net");
      const issueId = await prepareIssue(store, daily);
      const [first] = await claim(store, "w", NOW, 1);
      await record(store, first!.id, UNAUTHENTICATED);
      const paused = await store.findIssue(issueId);
      assert.equal(paused?.status, "paused");
      assert.equal(paused?.pausedReason, "policy refusal 550 5.7.26");
      assert.equal((await store.findSubscription(a.subscriptionPublicId))?.suppressed, false);
      assert.equal((await store.findSubscription(a.subscriptionPublicId))?.status, "confirmed");
      const tomorrow = later(24 * 3_600_000);
      assert.deepEqual(await claim(store, "w", tomorrow), []);
      assert.equal(await store.finishIssues(tomorrow), 0, "a paused issue is not done");
      await store.resumeIssue(issueId);
      assert.deepEqual(await store.findIssue(issueId), { ...paused!, status: "sending", pausedReason: null });
      assert.equal((await claim(store, "w", tomorrow)).length, 2);
      await store.pauseIssue(issueId, "operator");
      assert.equal((await store.findIssue(issueId))?.pausedReason, "operator");
    });

    it("send-time guard: an unsubscribe after preparation skips the delivery instead of sending it", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net");
      await addConfirmed(store, "b@example.net");
      const issueId = await prepareIssue(store, daily);
      await store.unsubscribe(a.subscriptionPublicId, MANAGE_PAGE, NOW);
      const claimed = await claim(store, "w");
      assert.deepEqual(
        claimed.map((d) => d.toEmail),
        ["b@example.net"],
      );
      assert.deepEqual(await store.countDeliveries(issueId), { skipped: 1, sending: 1 });
    });
  });
}
