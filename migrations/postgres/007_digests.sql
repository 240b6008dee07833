-- Email digests: lists, subscribers and their subscriptions, issues (one per list and period),
-- the per-recipient outbox, bounce and complaint events, suppressions and the consent log
-- (the PostgreSQL twin of migrations/sqlite/006_digests.sql with 010_digest_privacy.sql).
-- Design and reasons: docs/email-digests.md. Several sender processes may share one
-- database: the outbox is claimed with FOR UPDATE SKIP LOCKED (postgres-digest-store.ts),
-- and the unique keys below make scheduling, preparation and report ingestion idempotent.

CREATE TABLE digest_lists (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug            text NOT NULL UNIQUE,           -- 'daily', 'weekly': in URLs and Feedback-ID
  name            text NOT NULL,                  -- "Daily trending papers"
  cadence         text NOT NULL CHECK (cadence IN ('daily', 'weekly')),
  send_at_minute  integer NOT NULL DEFAULT 420 CHECK (send_at_minute BETWEEN 0 AND 1439), -- minutes after 00:00 UTC
  weekday         integer NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 1 AND 7),            -- ISO weekday, weekly lists
  weekends        boolean NOT NULL DEFAULT false,                                        -- daily lists: issues on Sat/Sun
  list_id_header  text NOT NULL,                  -- RFC 2919 List-Id, e.g. daily.papers.example.org
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL
);

-- One row per address. Erasure empties email and email_norm and keeps the row (status 'erased'),
-- so consent events keep pointing somewhere; the suppression list keeps only a keyed hash.
CREATE TABLE digest_subscribers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id   text NOT NULL UNIQUE,               -- random 128 bits: the only id in links
  email       text,                               -- as entered
  email_norm  text UNIQUE,                        -- trimmed, domain lower-cased; NULLs (erased) never collide
  email_hmac  text,                               -- HMAC(secret, email_norm), hex: matches mail_suppressions
  user_id     bigint REFERENCES users (id) ON DELETE SET NULL, -- a signed-in subscriber
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'erased')),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX digest_subscribers_hmac ON digest_subscribers (email_hmac);
CREATE INDEX digest_subscribers_user ON digest_subscribers (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE digest_subscriptions (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id        text NOT NULL UNIQUE,
  subscriber_id    bigint NOT NULL REFERENCES digest_subscribers (id),
  list_id          bigint NOT NULL REFERENCES digest_lists (id),
  status           text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced', 'complained')),
  confirm_sent_at  timestamptz,
  confirm_sends    integer NOT NULL DEFAULT 0,     -- re-sends are rate-limited per address
  confirmed_at     timestamptz,
  ended_at         timestamptz,
  end_reason       text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  UNIQUE (subscriber_id, list_id)
);
CREATE INDEX digest_subscriptions_audience ON digest_subscriptions (list_id, status, id);
CREATE INDEX digest_subscriptions_pending ON digest_subscriptions (created_at) WHERE status = 'pending';

-- Empty for a subscription: the trending section only.
CREATE TABLE digest_subscription_topics (
  subscription_id  bigint NOT NULL REFERENCES digest_subscriptions (id) ON DELETE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('category', 'keyword', 'author')),
  value            text NOT NULL,
  PRIMARY KEY (subscription_id, kind, value)
);

-- One edition of a list for one period. UNIQUE (list_id, period_key) makes scheduling
-- idempotent: two scheduler ticks (or two processes) for one period insert one row, the
-- second INSERT … ON CONFLICT DO NOTHING waiting for the first to commit.
CREATE TABLE digest_issues (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  list_id         bigint NOT NULL REFERENCES digest_lists (id),
  period_key      text NOT NULL,                  -- '2026-11-26' or '2026-W48'
  covers_from     text NOT NULL,                  -- trending days reported on, inclusive
  covers_to       text NOT NULL,
  status          text NOT NULL DEFAULT 'preparing'
                  CHECK (status IN ('preparing', 'prepared', 'sending', 'done', 'paused', 'failed')),
  content         jsonb,                          -- FrozenIssueSelection, set once by preparation
  audience_count  integer,
  created_at      timestamptz NOT NULL,
  prepared_at     timestamptz,
  finished_at     timestamptz,
  paused_reason   text,                           -- e.g. 'policy refusal 550 5.7.26': an operator must look
  UNIQUE (list_id, period_key)
);
CREATE INDEX digest_issues_unfinished ON digest_issues (id) WHERE status IN ('prepared', 'sending');

-- The outbox: one row per (issue, subscription), written at preparation, claimed with a lease.
CREATE TABLE digest_deliveries (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id         text NOT NULL UNIQUE,         -- in the VERP address and the Message-ID
  issue_id          bigint NOT NULL REFERENCES digest_issues (id),
  subscription_id   bigint NOT NULL REFERENCES digest_subscriptions (id),
  subscriber_id     bigint NOT NULL REFERENCES digest_subscribers (id),
  to_email          text,                         -- snapshot at preparation; emptied on erasure
  message_id        text NOT NULL UNIQUE,         -- the same on every retry
  selection         jsonb NOT NULL,               -- SelectedPaper[]: what this recipient gets
  status            text NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sending', 'sent', 'deferred', 'failed', 'uncertain', 'skipped')),
  attempts          integer NOT NULL DEFAULT 0,
  first_attempt_at  timestamptz,
  next_attempt_at   timestamptz NOT NULL,
  lease_owner       text,
  lease_expires_at  timestamptz,
  last_code         text,                         -- '452 4.2.2'
  last_error        text,
  relay_response    text,                         -- the 250 reply (queue id)
  bounce            text CHECK (bounce IN ('hard', 'soft', 'policy', 'temporary', 'other')),
  sent_at           timestamptz,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  UNIQUE (issue_id, subscription_id),
  -- Implied by the above while a subscriber has one subscription per list, but stated: a
  -- preparation re-run after a frequency change must not mail one person twice in one issue.
  UNIQUE (issue_id, subscriber_id)
);
CREATE INDEX digest_deliveries_due ON digest_deliveries (next_attempt_at, id) WHERE status IN ('queued', 'deferred');
CREATE INDEX digest_deliveries_leased ON digest_deliveries (lease_expires_at) WHERE status = 'sending';
CREATE INDEX digest_deliveries_issue ON digest_deliveries (issue_id, status);
CREATE INDEX digest_deliveries_subscriber ON digest_deliveries (subscriber_id, status);
CREATE INDEX digest_deliveries_subscription ON digest_deliveries (subscription_id);

-- Bounces, complaints and delays from any source; dedupe_key makes ingestion idempotent
-- (a report read twice, even by two processes at once, is one row).
CREATE TABLE mail_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id    bigint REFERENCES digest_deliveries (id),
  subscriber_id  bigint REFERENCES digest_subscribers (id),
  kind           text NOT NULL CHECK (kind IN ('hard', 'soft', 'complaint', 'delayed', 'policy')),
  source         text NOT NULL CHECK (source IN ('smtp', 'dsn', 'arf', 'webhook', 'admin')),
  status_code    text,
  diagnostic     text,
  dedupe_key     text UNIQUE,
  created_at     timestamptz NOT NULL
);
-- The soft-bounce rule counts events per delivery; export and erasure find them per subscriber.
CREATE INDEX mail_events_delivery ON mail_events (delivery_id, kind);
CREATE INDEX mail_events_subscriber ON mail_events (subscriber_id);

-- Global: no digest goes to a suppressed address. Keyed by HMAC, so it survives erasure
-- without keeping the address itself.
CREATE TABLE mail_suppressions (
  email_hmac   text PRIMARY KEY,
  reason       text NOT NULL CHECK (reason IN ('hard_bounce', 'complaint', 'manual')),
  delivery_id  bigint REFERENCES digest_deliveries (id),
  created_at   timestamptz NOT NULL
);

-- Proof of consent (GDPR Art. 7(1)): append-only. Erasure may only blank ip and user_agent.
-- `bounce` is a subscription ended by repeated soft bounces (no suppression), next to
-- `bounce_suppress` (hard bounce, address suppressed).
CREATE TABLE digest_consent_events (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscriber_id         bigint REFERENCES digest_subscribers (id),
  subscription_id       bigint REFERENCES digest_subscriptions (id),
  kind                  text NOT NULL CHECK (kind IN ('signup', 'confirm_sent', 'confirm', 'unsubscribe', 'one_click',
                          'prefs', 'bounce', 'bounce_suppress', 'complaint', 'export', 'erase')),
  at                    timestamptz NOT NULL,
  source                text NOT NULL,             -- form id, URL, 'list-unsubscribe-post', 'dsn'
  consent_text_version  text,
  ip                    text,                      -- optional and truncated by the operator's policy
  user_agent            text,
  details               jsonb
);
CREATE INDEX digest_consent_events_subscriber ON digest_consent_events (subscriber_id, at);

-- Refuses every DELETE, and every UPDATE except blanking ip and user_agent (erasure).
-- Row triggers do not fire on TRUNCATE: that stays possible for an operator wiping a whole
-- test database (test/contracts/postgres.test.ts), never for the hub itself.
-- @see https://www.postgresql.org/docs/current/plpgsql-trigger.html
CREATE FUNCTION refuse_consent_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'digest_consent_events is append-only';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.subscriber_id IS DISTINCT FROM OLD.subscriber_id
    OR NEW.subscription_id IS DISTINCT FROM OLD.subscription_id OR NEW.kind IS DISTINCT FROM OLD.kind
    OR NEW.at IS DISTINCT FROM OLD.at OR NEW.source IS DISTINCT FROM OLD.source
    OR NEW.consent_text_version IS DISTINCT FROM OLD.consent_text_version
    OR NEW.details IS DISTINCT FROM OLD.details
    OR (NEW.ip IS NOT NULL AND NEW.ip IS DISTINCT FROM OLD.ip)
    OR (NEW.user_agent IS NOT NULL AND NEW.user_agent IS DISTINCT FROM OLD.user_agent) THEN
    RAISE EXCEPTION 'digest_consent_events is append-only (only ip and user_agent may be blanked)';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER digest_consent_events_append_only BEFORE UPDATE OR DELETE ON digest_consent_events
  FOR EACH ROW EXECUTE FUNCTION refuse_consent_event_change();
