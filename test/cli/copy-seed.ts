// A SQLite instance with rows in every table `paperboy copy` moves: papers and their histories
// from the importer, members, votes, comments, a claim and a sent digest through the app's
// services; the few tables no service writes in a short test (job runs, checkpoints, mail
// events …) get one row each straight into the file, as the jobs and feedback listener would.
import { type App } from "../../src/app.js";
import { openSqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { runDigestCommand } from "../../src/delivery/cli/digest-command.js";
import { createSignedInUser } from "../accounts/account-test-kit.js";
import { addTestSubscriber, createDigestTestApp } from "../digests/helpers/digest-test-app.js";
import { HOSTILE_PAPER, STARRED_PAPER, toSourceLines } from "../helpers/test-app.js";
import type { SmtpSink } from "../helpers/smtp-sink.js";

export const SEED_NOW = new Date("2026-06-28T08:00:00Z");

export async function seedInstance(file: string, sink: SmtpSink): Promise<App> {
  const app = await createDigestTestApp({
    file,
    now: () => SEED_NOW,
    env: { SMTP_URL: sink.url, DIGEST_DAILY_WEEKENDS: "1" },
  });
  await app.importer.importLines(toSourceLines([JSON.stringify(HOSTILE_PAPER), JSON.stringify(STARRED_PAPER)]));
  const ada = await createSignedInUser(app, { email: "ada@example.org", handle: "ada" });
  const mod = await createSignedInUser(app, { email: "mod@example.org", handle: "mod", role: "moderator" });
  const actor = (m: typeof ada) => ({
    userId: m.user.id,
    handle: m.user.handle,
    role: m.user.role,
    emailVerified: true,
    suspended: false,
  });
  must(await app.discussion.vote(actor(ada), STARRED_PAPER.id, true));
  must(await app.discussion.vote(actor(mod), STARRED_PAPER.id, true));
  const root = must(await app.discussion.postComment(actor(ada), { paperId: STARRED_PAPER.id, body: "A *root*" }));
  const reply = must(
    await app.discussion.postComment(actor(mod), { paperId: STARRED_PAPER.id, body: "A reply", parentId: root.id }),
  );
  must(await app.discussion.setCommentHidden(actor(mod), reply.id, true, null));
  const claim = await app.authorClaims.claim(actor(ada), STARRED_PAPER.id, STARRED_PAPER.authors[0]!);
  if (!claim.ok) throw new Error(`claim: ${JSON.stringify(claim)}`);

  await app.digests.service.ensureLists();
  const db = openSqliteDatabase(file);
  try {
    addTestSubscriber(db, "one@example.net", "confirmed");
    addTestSubscriber(db, "two@example.net", "confirmed", "daily", [{ kind: "keyword", value: "language" }]);
    addTestSubscriber(db, "pending@example.net", "pending");
    const silent = { write: () => true } as unknown as NodeJS.WriteStream;
    const sent = await runDigestCommand(app, ["send", "--list", "daily"], { out: silent, err: silent });
    if (sent !== 0) throw new Error(`digest send exited ${sent}`);
    await sink.waitForMessages(2);
    fillRemainingTables(db, { userId: ada.user.id, commentId: root.id, paperId: STARRED_PAPER.id });
  } finally {
    db.close();
  }
  return app;
}

/** Rows for the tables the short seed's services do not reach; ids 7 and 9 test the sequence reset. */
function fillRemainingTables(
  db: ReturnType<typeof openSqliteDatabase>,
  ids: { userId: number; commentId: number; paperId: string },
) {
  const at = SEED_NOW.toISOString();
  const run = (sql: string, ...values: unknown[]) => db.prepare(sql).run(...values);
  run(
    "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, last_used_at) VALUES (9, ?, 'cli', 'th-api', ?, NULL)",
    ids.userId,
    at,
  );
  run("INSERT INTO auth_throttle VALUES ('login:198.51.100.1', 3, ?, ?, ?)", at, at, at);
  run(
    "INSERT INTO comment_reports (comment_id, reporter_id, reason, note, created_at) VALUES (?, ?, 'spam', 'ads', ?)",
    ids.commentId,
    ids.userId,
    at,
  );
  const delivery = db
    .prepare<[], { id: number; subscriber_id: number; subscription_id: number }>(
      "SELECT id, subscriber_id, subscription_id FROM digest_deliveries ORDER BY id LIMIT 1",
    )
    .get()!;
  for (const kind of ["signup", "confirm"])
    run(
      `INSERT INTO digest_consent_events (subscriber_id, subscription_id, kind, at, source, consent_text_version, ip, details)
       VALUES (?, ?, ?, ?, 'form:digest', 'v1', '198.51.100.0', '{"lists":["daily"],"b":1,"a":2}')`,
      delivery.subscriber_id,
      delivery.subscription_id,
      kind,
      at,
    );
  run(
    "INSERT INTO email_tokens (user_id, purpose, token_hash, email, created_at, expires_at) VALUES (?, 'reset', 'th-mail', 'ada@example.org', ?, ?)",
    ids.userId,
    at,
    at,
  );
  run("INSERT INTO github_repos VALUES ('test-org/star-repo', 'W/\"e1\"', ?, 'ok', NULL, 2000)", at);
  run('INSERT INTO ingest_checkpoints VALUES (\'oai:cs:2026-06\', \'{"z":1,"a":["x"]}\', ?)', at);
  run(
    `INSERT INTO job_runs (id, job, slot, status, attempts, max_attempts, queued_at, finished_at, counts)
     VALUES (7, 'ingest-arxiv', '2026-06-28', 'succeeded', 1, 3, ?, ?, '{"papers":19,"added":2}')`,
    at,
    at,
  );
  run(
    "INSERT INTO mail_events (delivery_id, subscriber_id, kind, source, status_code, dedupe_key, created_at) VALUES (?, ?, 'soft', 'smtp', '452 4.2.2', 'dk1', ?)",
    delivery.id,
    delivery.subscriber_id,
    at,
  );
  run("INSERT INTO mail_suppressions VALUES ('hmac:gone@example.net', 'hard_bounce', ?, ?)", delivery.id, at);
  run(
    "INSERT INTO submissions (user_id, paper_id, listing_date, created_at) VALUES (?, ?, '2026-06-03', ?)",
    ids.userId,
    ids.paperId,
    at,
  );
}

function must<T>(outcome: { ok: true; value: T } | { ok: false }): T {
  if (!outcome.ok) throw new Error(`seed step refused: ${JSON.stringify(outcome)}`);
  return outcome.value;
}
