import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_DAILY_CADENCE, findDueIssuePeriod } from "../../src/core/digests/issue-period.js";
import { type OpenStorage, useStorage } from "./contract-storage.js";
import {
  CONTENT,
  LEASE_MS,
  MANAGE_PAGE,
  NOW,
  SELECTION,
  addConfirmed,
  claim,
  later,
  prepareIssue,
  preparedFor,
  saveLists,
  subscriptionRequest,
} from "./digest-contract-kit.js";
import { describeDigestFeedbackContract } from "./digest-feedback.contract.js";
import { describeDigestOutcomeContract } from "./digest-outcomes.contract.js";
import { describeDigestSubscriptionContract } from "./digest-subscriptions.contract.js";

const PERIOD = findDueIssuePeriod(DEFAULT_DAILY_CADENCE, NOW)!;

/**
 * The DigestStore contract (src/core/digests/ports.ts) for every backend: lists, issues and
 * claims here; send outcomes in digest-outcomes.contract.ts; reports and the soft-bounce rule
 * in digest-feedback.contract.ts; subscriptions, consent and privacy in
 * digest-subscriptions.contract.ts. The races run the calls in parallel: on PostgreSQL they
 * overlap on separate connections of the pool.
 */
export function describeDigestStoreContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: DigestStore lists, issues and claims`, () => {
    async function setUp(t: Parameters<typeof useStorage>[0]) {
      const store = (await useStorage(t, open)).digests;
      return { store, ...(await saveLists(store)) };
    }

    it("saves a list by slug: saving again updates it in place", async (t) => {
      const { store, daily, weekly } = await setUp(t);
      const cadence = { kind: "weekly", weekday: 5, sendAtMinute: 600 } as const;
      const saved = await store.saveList(
        { slug: "daily", name: "Renamed", cadence, listIdHeader: "d.example.org", active: false },
        NOW,
      );
      assert.equal(saved.id, daily);
      assert.deepEqual(saved, {
        id: daily,
        slug: "daily",
        name: "Renamed",
        cadence,
        listIdHeader: "d.example.org",
        active: false,
      });
      assert.deepEqual(
        (await store.listLists()).map((l) => [l.id, l.slug]),
        [
          [daily, "daily"],
          [weekly, "weekly"],
        ],
      );
      assert.deepEqual((await store.listLists())[1]!.cadence, { kind: "weekly", weekday: 1, sendAtMinute: 420 });
    });

    it("ten scheduler ticks at once for one period open one issue", async (t) => {
      const { store, daily, weekly } = await setUp(t);
      const opened = await Promise.all(Array.from({ length: 10 }, () => store.openIssue(daily, PERIOD, NOW)));
      assert.equal(opened.filter((o) => o.created).length, 1);
      assert.equal(new Set(opened.map((o) => o.issue.id)).size, 1);
      const issue = opened[0]!.issue;
      assert.deepEqual(issue, {
        id: issue.id,
        listId: daily,
        periodKey: PERIOD.key,
        covers: PERIOD.covers,
        status: "preparing",
        content: null,
        pausedReason: null,
      });
      assert.deepEqual(await store.findIssue(issue.id), issue);
      assert.equal(await store.findIssue(issue.id + 1000), null);
      const other = await store.openIssue(weekly, PERIOD, NOW);
      assert.equal(other.created, true, "the same period key on another list is another issue");
    });

    it("the audience: confirmed, unsuppressed subscriptions with their topics, paged by subscription id", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net", [
        { kind: "keyword", value: "diffusion" },
        { kind: "category", value: "cs.LG" },
      ]);
      await store.requestSubscription(subscriptionRequest("pending@example.net"), NOW);
      const gone = await addConfirmed(store, "gone@example.net");
      await store.unsubscribe(gone.subscriptionPublicId, MANAGE_PAGE, NOW);
      await addConfirmed(store, "b@example.net");
      const all = await store.listAudience(daily, 0, 10);
      assert.deepEqual(
        all.map((m) => m.email),
        ["a@example.net", "b@example.net"],
      );
      assert.equal(all[0]!.subscriptionPublicId, a.subscriptionPublicId);
      assert.equal(all[0]!.subscriberPublicId, a.subscriberPublicId);
      assert.deepEqual(all[0]!.topics, [
        { kind: "category", value: "cs.LG" },
        { kind: "keyword", value: "diffusion" },
      ]);
      assert.deepEqual(all[1]!.topics, []);
      assert.deepEqual(await store.listAudience(daily, 0, 1), [all[0]]);
      assert.deepEqual(await store.listAudience(daily, all[0]!.subscriptionId, 10), [all[1]]);
    });

    it("preparation is idempotent: one delivery per subscription, the first content kept, even in parallel", async (t) => {
      const { store, daily } = await setUp(t);
      for (let i = 0; i < 5; i++) await addConfirmed(store, `r${i}@example.net`);
      const { issue } = await store.openIssue(daily, PERIOD, NOW);
      const audience = await store.listAudience(daily, 0, 10);
      const contents = [CONTENT, { trending: ["other"], pool: ["other"] }];
      const runs = await Promise.all(
        contents.map((content) => store.addDeliveries(issue.id, content, audience.map(preparedFor), NOW)),
      );
      assert.deepEqual([...runs].sort(), [0, 5], "each subscription's row is added once, by one run");
      const frozen = (await store.findIssue(issue.id))!.content;
      assert.deepEqual(frozen, contents[runs.indexOf(5)], "the content is the one of the run that added the rows");
      const third = await store.addDeliveries(
        issue.id,
        { trending: ["x"], pool: ["x"] },
        audience.map(preparedFor),
        NOW,
      );
      assert.equal(third, 0);
      assert.deepEqual((await store.findIssue(issue.id))!.content, frozen, "the first freeze is kept");
      assert.deepEqual(await store.countDeliveries(issue.id), { queued: 5 });
      await store.markIssuePrepared(issue.id, NOW);
      await store.markIssuePrepared(issue.id, later(1));
      assert.equal((await store.findIssue(issue.id))!.status, "prepared");
    });

    it("a skipped delivery (too few papers) is written as skipped and never claimed", async (t) => {
      const { store, daily } = await setUp(t);
      await addConfirmed(store, "a@example.net");
      const { issue } = await store.openIssue(daily, PERIOD, NOW);
      const [member] = await store.listAudience(daily, 0, 1);
      await store.addDeliveries(issue.id, CONTENT, [{ ...preparedFor(member!), selection: [], skipped: true }], NOW);
      await store.markIssuePrepared(issue.id, NOW);
      assert.deepEqual(await claim(store, "w"), []);
      assert.deepEqual(await store.countDeliveries(issue.id), { skipped: 1 });
      assert.equal(await store.finishIssues(NOW), 1);
    });

    it("claims lease due deliveries of prepared issues only; a second claim gets nothing", async (t) => {
      const { store, daily } = await setUp(t);
      const a = await addConfirmed(store, "a@example.net");
      await addConfirmed(store, "b@example.net");
      const { issue } = await store.openIssue(daily, PERIOD, NOW);
      await store.addDeliveries(issue.id, CONTENT, (await store.listAudience(daily, 0, 10)).map(preparedFor), NOW);
      assert.deepEqual(await claim(store, "w0"), [], "nothing is sent before the issue is prepared");
      await store.markIssuePrepared(issue.id, NOW);
      assert.deepEqual(
        await store.claimDeliveries({ workerId: "w", now: NOW, leaseMs: LEASE_MS, limit: 5, listId: daily + 99 }),
        [],
      );
      const first = await claim(store, "w1");
      assert.equal(first.length, 2);
      assert.deepEqual(await claim(store, "w2"), []);
      const [one] = first;
      assert.equal(one!.issueId, issue.id);
      assert.equal(one!.subscriptionPublicId, a.subscriptionPublicId);
      assert.equal(one!.subscriberPublicId, a.subscriberPublicId);
      assert.equal(one!.toEmail, "a@example.net");
      assert.deepEqual(one!.selection, SELECTION);
      assert.equal(one!.attempts, 1);
      assert.equal(one!.firstAttemptAt.toISOString(), NOW.toISOString());
      assert.match(one!.messageId, /^d\..+@papers\.example\.org$/);
      assert.deepEqual(await store.countDeliveries(issue.id), { sending: 2 });
    });

    it("two workers claiming in parallel over 200 deliveries get disjoint sets that cover all", async (t) => {
      const { store, daily } = await setUp(t);
      for (let i = 0; i < 200; i += 20) {
        await Promise.all(Array.from({ length: 20 }, (_, j) => addConfirmed(store, `r${i + j}@example.net`)));
      }
      const issueId = await prepareIssue(store, daily);
      const drain = async (workerId: string) => {
        const ids: number[] = [];
        for (;;) {
          const batch = await store.claimDeliveries({ workerId, now: NOW, leaseMs: LEASE_MS, limit: 7 });
          if (batch.length === 0) return ids;
          ids.push(...batch.map((d) => d.id));
          assert.ok(
            batch.every((d) => d.attempts === 1),
            "a delivery is never leased twice",
          );
        }
      };
      const [one, two] = await Promise.all([drain("w1"), drain("w2")]);
      const both = [...one!, ...two!];
      assert.equal(new Set(both).size, both.length, "no delivery went to both workers");
      assert.equal(both.length, 200);
      assert.ok(one!.length > 0 && two!.length > 0, "both workers took part");
      assert.deepEqual(await store.countDeliveries(issueId), { sending: 200 });
    });

    it("a lease that expires while sending → uncertain: never claimed again, its papers count as sent", async (t) => {
      const { store, daily } = await setUp(t);
      await addConfirmed(store, "a@example.net");
      const issueId = await prepareIssue(store, daily);
      const [leased] = await claim(store, "dead");
      assert.equal(await store.expireLeases(later(LEASE_MS - 1)), 0, "a live lease is kept");
      assert.deepEqual(await claim(store, "w", later(LEASE_MS - 1)), [], "nor taken by another worker");
      assert.equal(await store.finishIssues(later(LEASE_MS - 1)), 0, "an issue with a row in flight is not done");
      assert.equal(await store.expireLeases(later(LEASE_MS)), 1);
      assert.equal(await store.expireLeases(later(LEASE_MS)), 0);
      assert.deepEqual(await store.countDeliveries(issueId), { uncertain: 1 });
      assert.deepEqual(await claim(store, "w", later(LEASE_MS + 1)), []);
      const subscriberId = (await store.listAudience(daily, 0, 1))[0]!.subscriberId;
      assert.deepEqual([...(await store.listSentPaperIds([subscriberId])).get(subscriberId)!].sort(), [
        "p1",
        "p2",
        "p3",
      ]);
      assert.equal(leased!.attempts, 1);
      assert.equal(await store.finishIssues(later(LEASE_MS)), 1);
      assert.equal((await store.findIssue(issueId))!.status, "done");
    });
  });

  describeDigestOutcomeContract(backend, open);
  describeDigestFeedbackContract(backend, open);
  describeDigestSubscriptionContract(backend, open);
}
