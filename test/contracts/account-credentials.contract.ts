import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EmailTokenPurpose, ThrottleState } from "../../src/core/accounts/ports.js";
import { THROTTLE_RULES, recordHit } from "../../src/core/accounts/throttle-policy.js";
import { T0, addUser, minutesAfter, sessionOf } from "./account-contract-kit.js";
import { type OpenStorage, useStorage } from "./contract-storage.js";

const count = (state: ThrottleState | null): ThrottleState => ({
  hits: (state?.hits ?? 0) + 1,
  firstHitAt: state?.firstHitAt ?? T0.toISOString(),
  lastHitAt: T0.toISOString(),
  blockedUntil: null,
});

/** Sessions, API tokens, email links and throttle counts of AccountStorage. */
export function describeAccountCredentialsContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: account sessions`, () => {
    it("stores a session under its token hash and touches it", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const session = await accounts.sessions.insert(sessionOf(ada.id, "hash-1"));
      assert.deepEqual(session, {
        id: session.id,
        userId: ada.id,
        createdAt: "2026-11-26T10:00:00.123Z",
        lastSeenAt: "2026-11-26T10:00:00.123Z",
        expiresAt: minutesAfter(60 * 24 * 60),
        userAgent: "Firefox on Linux",
        ip: "203.0.113.9",
      });
      assert.deepEqual(await accounts.sessions.findByTokenHash("hash-1"), session);
      assert.equal(await accounts.sessions.findByTokenHash("hash-2"), null);
      await accounts.sessions.touch(session.id, minutesAfter(10), "198.51.100.7", "Safari on iOS");
      assert.deepEqual(await accounts.sessions.findByTokenHash("hash-1"), {
        ...session,
        lastSeenAt: minutesAfter(10),
        ip: "198.51.100.7",
        userAgent: "Safari on iOS",
      });
      await assert.rejects(accounts.sessions.insert(sessionOf(ada.id, "hash-1")), "a token hash is unique");
    });

    it("lists a user's sessions, most recently seen first", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const bob = await addUser(accounts, "bob");
      const old = await accounts.sessions.insert(sessionOf(ada.id, "old", 1));
      const recent = await accounts.sessions.insert(sessionOf(ada.id, "recent", 5));
      const tie = await accounts.sessions.insert(sessionOf(ada.id, "tie", 5));
      await accounts.sessions.insert(sessionOf(bob.id, "bob", 9));
      const ids = (await accounts.sessions.listForUser(ada.id)).map((s) => s.id);
      assert.deepEqual(ids, [tie.id, recent.id, old.id]);
      assert.deepEqual(await accounts.sessions.listForUser(ada.id + bob.id + 1000), []);
    });

    it("revokes only the user's own session, by hash, or all but one", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const bob = await addUser(accounts, "bob");
      const a1 = await accounts.sessions.insert(sessionOf(ada.id, "a1"));
      await accounts.sessions.insert(sessionOf(ada.id, "a2"));
      const a3 = await accounts.sessions.insert(sessionOf(ada.id, "a3"));
      const b1 = await accounts.sessions.insert(sessionOf(bob.id, "b1"));
      assert.equal(await accounts.sessions.delete(ada.id, b1.id), false, "not ada's");
      assert.equal(await accounts.sessions.delete(ada.id, a1.id), true);
      assert.equal(await accounts.sessions.delete(ada.id, a1.id), false, "already gone");
      await accounts.sessions.deleteByTokenHash("a2");
      assert.deepEqual(
        (await accounts.sessions.listForUser(ada.id)).map((s) => s.id),
        [a3.id],
      );
      const a4 = await accounts.sessions.insert(sessionOf(ada.id, "a4"));
      await accounts.sessions.deleteAllForUser(ada.id, a4.id);
      assert.deepEqual(
        (await accounts.sessions.listForUser(ada.id)).map((s) => s.id),
        [a4.id],
      );
      await accounts.sessions.deleteAllForUser(ada.id, null);
      assert.deepEqual(await accounts.sessions.listForUser(ada.id), []);
      assert.deepEqual(await accounts.sessions.findByTokenHash("b1"), b1, "bob keeps his session");
    });

    it("deletes sessions idle since the cutoff or past their end, inclusive, and counts them", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const add = (hash: string, seen: number, endsAfter: number) =>
        accounts.sessions.insert({ ...sessionOf(ada.id, hash, seen), expiresAt: minutesAfter(endsAfter) });
      await add("idle", 10, 1000);
      await add("idle-at-cutoff", 20, 1000);
      await add("ended", 100, 300);
      await add("ends-now", 100, 400);
      await add("live", 21, 401);
      assert.equal(await accounts.sessions.deleteExpired(minutesAfter(20), minutesAfter(400)), 4);
      assert.deepEqual(
        (await accounts.sessions.listForUser(ada.id)).map((s) => s.lastSeenAt),
        [minutesAfter(21)],
      );
      assert.equal(await accounts.sessions.deleteExpired(minutesAfter(20), minutesAfter(400)), 0);
    });
  });

  describe(`${backend}: account API tokens`, () => {
    it("finds a token by hash, records its use, lists newest first and revokes only the owner's", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const bob = await addUser(accounts, "bob");
      const add = (userId: number, name: string, minutes: number) =>
        accounts.apiTokens.insert({ userId, name, tokenHash: `hash-${name}`, createdAt: minutesAfter(minutes) });
      const ci = await add(ada.id, "ci", 0);
      const laptop = await add(ada.id, "laptop", 5);
      const bobs = await add(bob.id, "bob's", 9);
      assert.deepEqual(ci, { id: ci.id, userId: ada.id, name: "ci", createdAt: minutesAfter(0), lastUsedAt: null });
      assert.deepEqual(await accounts.apiTokens.findByTokenHash("hash-ci"), ci);
      assert.equal(await accounts.apiTokens.findByTokenHash("ci"), null, "the token itself is not its hash");
      await accounts.apiTokens.markUsed(ci.id, minutesAfter(7));
      const listed = await accounts.apiTokens.listForUser(ada.id);
      assert.deepEqual(listed, [laptop, { ...ci, lastUsedAt: minutesAfter(7) }]);
      assert.equal(await accounts.apiTokens.delete(ada.id, bobs.id), false);
      assert.equal(await accounts.apiTokens.delete(ada.id, ci.id), true);
      assert.equal(await accounts.apiTokens.findByTokenHash("hash-ci"), null);
      assert.deepEqual(await accounts.apiTokens.findByTokenHash("hash-bob's"), bobs);
      await assert.rejects(add(bob.id, "laptop", 10), "a token hash is unique");
    });
  });

  describe(`${backend}: account email links`, () => {
    const link = (userId: number, hash: string, purpose: EmailTokenPurpose = "verify", expiresIn = 60) => ({
      userId,
      purpose,
      email: "ada@example.org",
      tokenHash: hash,
      createdAt: T0.toISOString(),
      expiresAt: minutesAfter(expiresIn),
    });

    it("finds a link until it expires, and lets it be used once, even by racing requests", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      await accounts.emailTokens.insert(link(ada.id, "h1", "change_email"));
      const found = await accounts.emailTokens.findUsable("h1", minutesAfter(59));
      assert.deepEqual(found, {
        id: found?.id,
        userId: ada.id,
        purpose: "change_email",
        email: "ada@example.org",
        expiresAt: minutesAfter(60),
      });
      assert.equal(await accounts.emailTokens.findUsable("h1", minutesAfter(60)), null, "expired at expiresAt");
      assert.equal(await accounts.emailTokens.findUsable("h2", T0.toISOString()), null);
      const consumed = await Promise.all(
        Array.from({ length: 5 }, () => accounts.emailTokens.consume(found!.id, minutesAfter(1))),
      );
      assert.deepEqual(consumed.filter(Boolean).length, 1);
      assert.equal(await accounts.emailTokens.findUsable("h1", minutesAfter(2)), null);
      assert.equal(await accounts.emailTokens.consume(found!.id, minutesAfter(3)), false);
    });

    it("retires one user's open links of one purpose", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const bob = await addUser(accounts, "bob");
      await accounts.emailTokens.insert(link(ada.id, "reset-1", "reset"));
      await accounts.emailTokens.insert(link(ada.id, "reset-2", "reset"));
      await accounts.emailTokens.insert(link(ada.id, "verify", "verify"));
      await accounts.emailTokens.insert(link(bob.id, "bob-reset", "reset"));
      await accounts.emailTokens.retire(ada.id, "reset", minutesAfter(1));
      const usable = async (hash: string) => (await accounts.emailTokens.findUsable(hash, minutesAfter(2))) !== null;
      assert.deepEqual(
        [await usable("reset-1"), await usable("reset-2"), await usable("verify"), await usable("bob-reset")],
        [false, false, true, true],
      );
    });

    it("deletes links that expired before the cutoff, used or not", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      await accounts.emailTokens.insert(link(ada.id, "old", "verify", 10));
      await accounts.emailTokens.insert(link(ada.id, "old-used", "reset", 20));
      await accounts.emailTokens.insert(link(ada.id, "at-cutoff", "reset", 30));
      await accounts.emailTokens.retire(ada.id, "reset", minutesAfter(1));
      assert.equal(await accounts.emailTokens.deleteExpired(minutesAfter(30)), 2);
      await accounts.emailTokens.insert(link(ada.id, "old", "verify", 10));
      assert.equal(await accounts.emailTokens.deleteExpired(minutesAfter(31)), 2, "the re-inserted hash was free");
    });
  });

  describe(`${backend}: account throttle`, () => {
    it("reads, updates from the stored state, and clears a key", async (t) => {
      const { accounts } = await useStorage(t, open);
      const rule = THROTTLE_RULES.loginPerAccount;
      const hitAt = (minutes: number) => (state: ThrottleState | null) =>
        recordHit(state, rule, new Date(minutesAfter(minutes)));
      assert.equal(await accounts.throttle.read("login:email:x"), null);
      for (let i = 0; i < rule.freeHits; i++) await accounts.throttle.update("login:email:x", hitAt(i));
      const blocked = await accounts.throttle.update("login:email:x", hitAt(5));
      assert.deepEqual(blocked, {
        hits: 6,
        firstHitAt: minutesAfter(0),
        lastHitAt: minutesAfter(5),
        blockedUntil: new Date(Date.parse(minutesAfter(5)) + rule.baseDelayMs).toISOString(),
      });
      assert.deepEqual(await accounts.throttle.read("login:email:x"), blocked);
      const quietMinutes = rule.quietMs / 60_000;
      const fresh = await accounts.throttle.update("login:email:x", hitAt(5 + quietMinutes));
      assert.deepEqual(fresh, {
        hits: 1,
        firstHitAt: minutesAfter(5 + quietMinutes),
        lastHitAt: minutesAfter(5 + quietMinutes),
        blockedUntil: null,
      });
      assert.equal(await accounts.throttle.read("login:ip:y"), null, "keys are separate");
      await accounts.throttle.clear("login:email:x");
      assert.equal(await accounts.throttle.read("login:email:x"), null);
    });

    it("counts 50 concurrent attempts on one key as 50", async (t) => {
      const { accounts } = await useStorage(t, open);
      await Promise.all([
        ...Array.from({ length: 50 }, () => accounts.throttle.update("signup:ip:a", count)),
        ...Array.from({ length: 7 }, () => accounts.throttle.update("signup:ip:b", count)),
      ]);
      assert.equal((await accounts.throttle.read("signup:ip:a"))?.hits, 50);
      assert.equal((await accounts.throttle.read("signup:ip:b"))?.hits, 7);
    });

    it("writes nothing when the change throws", async (t) => {
      const { accounts } = await useStorage(t, open);
      const failing = () => {
        throw new Error("policy failed");
      };
      await assert.rejects(accounts.throttle.update("new-key", failing), /policy failed/);
      assert.equal(await accounts.throttle.read("new-key"), null);
      await accounts.throttle.update("old-key", count);
      await assert.rejects(accounts.throttle.update("old-key", failing), /policy failed/);
      assert.equal((await accounts.throttle.read("old-key"))?.hits, 1);
    });

    it("forgets keys last hit before the cutoff", async (t) => {
      const { accounts } = await useStorage(t, open);
      const at = (minutes: number) => () => ({
        hits: 1,
        firstHitAt: minutesAfter(minutes),
        lastHitAt: minutesAfter(minutes),
        blockedUntil: null,
      });
      await accounts.throttle.update("early", at(0));
      await accounts.throttle.update("at-cutoff", at(10));
      await accounts.throttle.update("late", at(20));
      assert.equal(await accounts.throttle.deleteIdleSince(minutesAfter(10)), 1);
      assert.deepEqual(
        [await accounts.throttle.read("early"), (await accounts.throttle.read("at-cutoff"))?.hits],
        [null, 1],
      );
    });
  });
}
