// What migrations/postgres/007_digests.sql itself guarantees, whatever code writes to it: the
// consent log is append-only (only ip and user_agent may be blanked, for erasure) and the
// outbox holds one row per issue and subscriber. The store-level behaviour is in
// test/contracts/digest-*.contract.ts; the SQLite twin of this test is sqlite-digest-store.test.ts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { openPostgresStorage, type PostgresStorage } from "../../src/adapters/storage/postgres/postgres-storage.js";
import { startTestPostgres } from "../helpers/postgres.js";
import { NOW, addConfirmed, prepareIssue, saveLists, subscriptionRequest } from "../contracts/digest-contract-kit.js";

const server = await startTestPostgres();
if (server) {
  describe("PostgreSQL digest schema", () => {
    let storage: PostgresStorage;
    let db: pg.Pool;
    before(async () => {
      const url = await server.createDatabase();
      storage = await openPostgresStorage(url, { searchMirrorFile: ":memory:" });
      db = new pg.Pool({ connectionString: url, max: 2 });
    });
    after(async () => {
      await db.end();
      await storage.close();
    });

    test("consent events: no delete, no rewrite; ip and user agent may only be blanked", async () => {
      await saveLists(storage.digests);
      await storage.digests.requestSubscription(subscriptionRequest("a@example.net"), NOW);
      const { rows } = await db.query<{ id: number }>("SELECT id FROM digest_consent_events WHERE kind = 'signup'");
      const id = rows[0]!.id;
      await assert.rejects(db.query("DELETE FROM digest_consent_events WHERE id = $1", [id]), /append-only/);
      for (const change of [
        "kind = 'confirm'",
        "at = now()",
        "source = 'forged'",
        "details = '{}'",
        "subscription_id = NULL",
        "ip = '198.51.100.0'",
        "user_agent = 'Forged'",
      ]) {
        await assert.rejects(
          db.query(`UPDATE digest_consent_events SET ${change} WHERE id = $1`, [id]),
          /append-only/,
          change,
        );
      }
      await db.query("UPDATE digest_consent_events SET ip = NULL, user_agent = NULL WHERE id = $1", [id]);
      const { rows: blanked } = await db.query("SELECT kind, ip, user_agent FROM digest_consent_events WHERE id = $1", [
        id,
      ]);
      assert.deepEqual(blanked, [{ kind: "signup", ip: null, user_agent: null }]);
    });

    test("the outbox refuses a second row for one issue and subscriber, even by another subscription", async () => {
      const lists = await saveLists(storage.digests);
      await addConfirmed(storage.digests, "b@example.net");
      const weekly = subscriptionRequest("b@example.net", { listSlug: "weekly" });
      await storage.digests.requestSubscription(weekly, NOW);
      const issueId = await prepareIssue(storage.digests, lists.daily);
      // $2: the subscription the copy names; the subscriber stays the same.
      const copy = `INSERT INTO digest_deliveries (public_id, issue_id, subscription_id, subscriber_id, message_id,
          selection, next_attempt_at, created_at, updated_at)
        SELECT 'copy', issue_id, COALESCE($2, subscription_id), subscriber_id, 'copy@x', selection, now(), now(), now()
        FROM digest_deliveries WHERE issue_id = $1 LIMIT 1`;
      await assert.rejects(db.query(copy, [issueId, null]), /digest_deliveries_issue_id_subscription_id_key/);
      const { rows } = await db.query<{ id: number }>("SELECT id FROM digest_subscriptions WHERE public_id = $1", [
        weekly.newSubscriptionPublicId,
      ]);
      await assert.rejects(db.query(copy, [issueId, rows[0]!.id]), /digest_deliveries_issue_id_subscriber_id_key/);
    });
  });
} else {
  test("PostgreSQL digest schema", { skip: "no PostgreSQL binaries on this machine" });
}
