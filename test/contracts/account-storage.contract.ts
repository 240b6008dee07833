import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeAccountCredentialsContract } from "./account-credentials.contract.js";
import { T0, addUser, minutesAfter, newUser, sessionOf } from "./account-contract-kit.js";
import { type OpenStorage, useStorage } from "./contract-storage.js";

/** AccountStorage: users, the admin list and role rule, shared keys; then the credentials suite. */
export function describeAccountStorageContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: account users`, () => {
    it("inserts a user and finds it by id, email and handle, times as ISO UTC strings", async (t) => {
      const { accounts } = await useStorage(t, open);
      const verified = minutesAfter(5);
      const ada = await accounts.users.insert(newUser("ada", { role: "curator", emailVerifiedAt: verified }));
      assert.ok(ada && typeof ada.id === "number");
      assert.deepEqual(ada, {
        id: ada.id,
        email: "ada@example.org",
        handle: "ada",
        displayName: "ADA",
        passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$ada",
        role: "curator",
        emailVerifiedAt: "2026-11-26T10:05:00.123Z",
        suspendedAt: null,
        createdAt: "2026-11-26T10:00:00.123Z",
      });
      assert.deepEqual(await accounts.users.findById(ada.id), ada);
      assert.deepEqual(await accounts.users.findByEmail("ada@example.org"), ada);
      assert.deepEqual(await accounts.users.findByHandle("ada"), ada);
      assert.equal(await accounts.users.findById(ada.id + 1000), null);
      assert.equal(await accounts.users.findByEmail("bob@example.org"), null);
      assert.equal(await accounts.users.findByHandle("bob"), null);
    });

    it("answers null for a taken email or handle, also when sign-ups race", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      assert.equal(await accounts.users.insert(newUser("ada2", { email: "ada@example.org" })), null);
      assert.equal(await accounts.users.insert(newUser("ada", { email: "other@example.org" })), null);
      assert.deepEqual(await accounts.users.findByHandle("ada"), ada, "the first account is untouched");
      const raced = await Promise.all(
        Array.from({ length: 8 }, (_, i) => accounts.users.insert(newUser(`racer${i}`, { email: "race@example.org" }))),
      );
      assert.equal(raced.filter((u) => u !== null).length, 1);
      assert.equal((await accounts.userAdmin.search({ query: "", offset: 0, limit: 50 })).total, 2);
    });

    it("compares emails and handles exactly: the core lower-cases them on the way in", async (t) => {
      const { accounts } = await useStorage(t, open);
      await addUser(accounts, "ada");
      assert.equal(await accounts.users.findByEmail("ADA@example.org"), null);
      assert.equal(await accounts.users.findByHandle("Ada"), null);
    });

    it("changes the email unless another account holds it", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const bob = await addUser(accounts, "bob");
      assert.equal(
        await accounts.users.updateEmail(ada.id, "bob@example.org", minutesAfter(1), minutesAfter(1)),
        false,
      );
      assert.equal((await accounts.users.findById(ada.id))?.email, "ada@example.org");
      assert.equal(await accounts.users.updateEmail(ada.id, "ada@new.example", minutesAfter(2), minutesAfter(2)), true);
      const moved = await accounts.users.findByEmail("ada@new.example");
      assert.deepEqual([moved?.id, moved?.emailVerifiedAt], [ada.id, minutesAfter(2)]);
      assert.equal(await accounts.users.findByEmail("ada@example.org"), null);
      assert.equal(await accounts.users.updateEmail(ada.id, "ada@new.example", minutesAfter(3), minutesAfter(3)), true);
      const nobody = ada.id + bob.id + 1000;
      assert.equal(await accounts.users.updateEmail(nobody, "x@example.org", minutesAfter(3), minutesAfter(3)), false);
      const raced = await Promise.all(
        [ada, bob].map((u) => accounts.users.updateEmail(u.id, "both@example.org", minutesAfter(4), minutesAfter(4))),
      );
      assert.deepEqual(raced.sort(), [false, true], "two accounts claiming one free address: one wins");
    });

    it("updates the password, display name, role and suspension", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const bob = await addUser(accounts, "bob");
      await accounts.users.updatePassword(ada.id, "new-hash", minutesAfter(1));
      await accounts.users.updateDisplayName(ada.id, "Ada L.", minutesAfter(1));
      await accounts.users.updateRole(ada.id, "moderator", minutesAfter(1));
      await accounts.users.setSuspended(ada.id, minutesAfter(2), minutesAfter(2));
      assert.deepEqual(await accounts.users.findById(ada.id), {
        ...ada,
        passwordHash: "new-hash",
        displayName: "Ada L.",
        role: "moderator",
        suspendedAt: minutesAfter(2),
      });
      await accounts.users.setSuspended(ada.id, null, minutesAfter(3));
      assert.equal((await accounts.users.findById(ada.id))?.suspendedAt, null);
      assert.deepEqual(await accounts.users.findById(bob.id), bob, "other users are untouched");
    });

    it("marks an address verified only if it is still the user's and not yet verified", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      await accounts.users.markEmailVerified(ada.id, "old@example.org", minutesAfter(1));
      assert.equal((await accounts.users.findById(ada.id))?.emailVerifiedAt, null, "a link for another address");
      await accounts.users.markEmailVerified(ada.id, "ada@example.org", minutesAfter(2));
      await accounts.users.markEmailVerified(ada.id, "ada@example.org", minutesAfter(3));
      assert.equal((await accounts.users.findById(ada.id))?.emailVerifiedAt, minutesAfter(2), "the first time stays");
    });

    it("keeps profile settings, off by default, and none for an unknown user", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const bob = await addUser(accounts, "bob");
      assert.deepEqual(await accounts.users.findProfileSettings(ada.id), { showUpvotes: false });
      await accounts.users.updateProfileSettings(ada.id, { showUpvotes: true }, minutesAfter(1));
      assert.deepEqual(await accounts.users.findProfileSettings(ada.id), { showUpvotes: true });
      assert.deepEqual(await accounts.users.findProfileSettings(bob.id), { showUpvotes: false });
      await accounts.users.updateProfileSettings(ada.id, { showUpvotes: false }, minutesAfter(2));
      assert.deepEqual(await accounts.users.findProfileSettings(ada.id), { showUpvotes: false });
      assert.equal(await accounts.users.findProfileSettings(ada.id + bob.id + 1000), null);
    });

    it("deletes a user with their sessions, API tokens and email links, and nobody else's", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada");
      const bob = await addUser(accounts, "bob");
      for (const u of [ada, bob]) {
        await accounts.sessions.insert(sessionOf(u.id, `session-${u.handle}`));
        await accounts.apiTokens.insert({
          userId: u.id,
          name: "ci",
          tokenHash: `api-${u.handle}`,
          createdAt: T0.toISOString(),
        });
        const link = { userId: u.id, purpose: "verify" as const, email: u.email, expiresAt: minutesAfter(60) };
        await accounts.emailTokens.insert({ ...link, tokenHash: `link-${u.handle}`, createdAt: T0.toISOString() });
      }
      await accounts.users.delete(ada.id);
      assert.equal(await accounts.users.findById(ada.id), null);
      assert.equal(await accounts.sessions.findByTokenHash("session-ada"), null);
      assert.equal(await accounts.apiTokens.findByTokenHash("api-ada"), null);
      assert.equal(await accounts.emailTokens.findUsable("link-ada", T0.toISOString()), null);
      assert.equal(await accounts.emailTokens.deleteExpired(minutesAfter(120)), 1, "only bob's link was left");
      assert.equal((await accounts.sessions.findByTokenHash("session-bob"))?.userId, bob.id);
      assert.equal((await accounts.apiTokens.findByTokenHash("api-bob"))?.userId, bob.id);
      assert.ok(await accounts.users.findById(bob.id));
    });
  });

  describe(`${backend}: account admin`, () => {
    it("searches handles and emails case-insensitively, newest first, in pages with a total", async (t) => {
      const { accounts } = await useStorage(t, open);
      for (const [i, handle] of ["ada", "bob", "adele", "carol"].entries())
        await addUser(accounts, handle, { createdAt: minutesAfter(i) });
      await addUser(accounts, "dave", { email: "dave@ada.example", createdAt: minutesAfter(4) });
      await addUser(accounts, "eve", { email: "eve_100%@example.org", createdAt: minutesAfter(4) });
      const handles = (r: { items: { handle: string }[] }) => r.items.map((u) => u.handle);
      const all = await accounts.userAdmin.search({ query: "", offset: 0, limit: 10 });
      assert.deepEqual(
        handles(all),
        ["eve", "dave", "carol", "adele", "bob", "ada"],
        "equal times: the later id first",
      );
      assert.equal(all.total, 6);
      const ad = await accounts.userAdmin.search({ query: "  AD ", offset: 0, limit: 2 });
      assert.deepEqual([handles(ad), ad.total], [["dave", "adele"], 3]);
      const rest = await accounts.userAdmin.search({ query: "ad", offset: 2, limit: 2 });
      assert.deepEqual([handles(rest), rest.total], [["ada"], 3]);
      const beyond = await accounts.userAdmin.search({ query: "ad", offset: 10, limit: 2 });
      assert.deepEqual([handles(beyond), beyond.total], [[], 3]);
      assert.deepEqual(handles(await accounts.userAdmin.search({ query: "_100%", offset: 0, limit: 10 })), ["eve"]);
      assert.deepEqual(handles(await accounts.userAdmin.search({ query: "a%e", offset: 0, limit: 10 })), []);
      assert.deepEqual(handles(await accounts.userAdmin.search({ query: "a_a", offset: 0, limit: 10 })), []);
    });

    it("refuses to demote the last admin who is not suspended", async (t) => {
      const { accounts } = await useStorage(t, open);
      const ada = await addUser(accounts, "ada", { role: "admin" });
      const bob = await addUser(accounts, "bob", { role: "admin" });
      const carol = await addUser(accounts, "carol");
      await accounts.users.setSuspended(bob.id, minutesAfter(1), minutesAfter(1));
      const keep = (id: number, role: "user" | "admin" | "moderator") =>
        accounts.userAdmin.updateRoleKeepingAnAdmin(id, role, minutesAfter(2));
      assert.equal(await keep(ada.id, "moderator"), "last-admin", "a suspended admin does not count");
      assert.equal((await accounts.users.findById(ada.id))?.role, "admin");
      assert.equal(await keep(carol.id, "moderator"), "updated", "other roles change freely");
      assert.equal(await keep(carol.id, "admin"), "updated");
      assert.equal(await keep(ada.id, "user"), "updated", "carol is now an admin");
      assert.equal(await keep(bob.id, "user"), "updated", "a suspended admin can be demoted while carol remains");
      assert.equal(await keep(carol.id, "user"), "last-admin");
      assert.equal(await keep(carol.id, "admin"), "updated", "an admin may be given admin again");
      assert.equal(await keep(carol.id + ada.id + bob.id + 1000, "user"), "not-found");
      assert.deepEqual(
        [(await accounts.users.findById(ada.id))?.role, (await accounts.users.findById(carol.id))?.role],
        ["user", "admin"],
      );
    });

    it("keeps an admin when two admins demote each other at the same time", async (t) => {
      const { accounts } = await useStorage(t, open);
      for (let round = 0; round < 10; round++) {
        const a = await addUser(accounts, `a${round}`, { role: "admin" });
        const b = await addUser(accounts, `b${round}`, { role: "admin" });
        const results = await Promise.all(
          [a, b].map((u) => accounts.userAdmin.updateRoleKeepingAnAdmin(u.id, "user", minutesAfter(round))),
        );
        assert.deepEqual([...results].sort(), ["last-admin", "updated"], `round ${round}`);
        const roles = [(await accounts.users.findById(a.id))?.role, (await accounts.users.findById(b.id))?.role];
        assert.deepEqual(
          roles,
          results.map((r) => (r === "updated" ? "user" : "admin")),
        );
        await Promise.all([accounts.users.delete(a.id), accounts.users.delete(b.id)]);
      }
    });

    it("makes a random key once per name, the same for every caller", async (t) => {
      const { accounts } = await useStorage(t, open);
      const keys = await Promise.all([accounts.secret("csrf"), accounts.secret("csrf"), accounts.secret("other")]);
      assert.equal(keys[0].length, 32);
      assert.ok(keys[0].equals(keys[1]));
      assert.ok(keys[0].equals(await accounts.secret("csrf")));
      assert.ok(!keys[0].equals(keys[2]));
    });
  });

  describeAccountCredentialsContract(backend, open);
}
