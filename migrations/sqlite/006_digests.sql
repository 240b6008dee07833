-- Email digests: lists, subscribers and their subscriptions, issues (one per list and period),
-- the per-recipient outbox, bounce and complaint events, suppressions and the consent log.
-- Design and reasons: docs/email-digests.md and ../shared/research/email.md §4.1.
-- Times are ISO 8601 UTC text, like every other table.

CREATE TABLE digest_lists (
  id              INTEGER PRIMARY KEY,
  slug            TEXT NOT NULL UNIQUE,           -- 'daily', 'weekly': in URLs and Feedback-ID
  name            TEXT NOT NULL,                  -- "Daily trending papers"
  cadence         TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
  send_at_minute  INTEGER NOT NULL DEFAULT 420 CHECK (send_at_minute BETWEEN 0 AND 1439), -- minutes after 00:00 UTC
  weekday         INTEGER NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 1 AND 7),            -- ISO weekday, weekly lists
  weekends        INTEGER NOT NULL DEFAULT 0 CHECK (weekends IN (0, 1)),                 -- daily lists: issues on Sat/Sun
  list_id_header  TEXT NOT NULL,                  -- RFC 2919 List-Id, e.g. daily.papers.example.org
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at      TEXT NOT NULL
);

-- One row per address. Erasure empties email and email_norm and keeps the row (status 'erased'),
-- so consent events keep pointing somewhere; the suppression list keeps only a keyed hash.
CREATE TABLE digest_subscribers (
  id          INTEGER PRIMARY KEY,
  public_id   TEXT NOT NULL UNIQUE,               -- random 128 bits: the only id in links
  email       TEXT,                               -- as entered
  email_norm  TEXT UNIQUE,                        -- trimmed, domain lower-cased
  email_hmac  TEXT,                               -- HMAC(secret, email_norm), hex: matches mail_suppressions
  user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL, -- a signed-in subscriber
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'erased')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX digest_subscribers_hmac ON digest_subscribers (email_hmac);

CREATE TABLE digest_subscriptions (
  id               INTEGER PRIMARY KEY,
  public_id        TEXT NOT NULL UNIQUE,
  subscriber_id    INTEGER NOT NULL REFERENCES digest_subscribers (id),
  list_id          INTEGER NOT NULL REFERENCES digest_lists (id),
  status           TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced', 'complained')),
  confirm_sent_at  TEXT,
  confirm_sends    INTEGER NOT NULL DEFAULT 0,     -- re-sends are rate-limited per address
  confirmed_at     TEXT,
  ended_at         TEXT,
  end_reason       TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  UNIQUE (subscriber_id, list_id)
);
CREATE INDEX digest_subscriptions_audience ON digest_subscriptions (list_id, status, id);

-- Empty for a subscription: the trending section only.
CREATE TABLE digest_subscription_topics (
  subscription_id  INTEGER NOT NULL REFERENCES digest_subscriptions (id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('category', 'keyword', 'author')),
  value            TEXT NOT NULL,
  PRIMARY KEY (subscription_id, kind, value)
) WITHOUT ROWID;

-- One edition of a list for one period; UNIQUE (list_id, period_key) makes scheduling idempotent.
CREATE TABLE digest_issues (
  id              INTEGER PRIMARY KEY,
  list_id         INTEGER NOT NULL REFERENCES digest_lists (id),
  period_key      TEXT NOT NULL,                  -- '2026-11-26' or '2026-W48'
  covers_from     TEXT NOT NULL,                  -- trending days reported on, inclusive
  covers_to       TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'preparing'
                  CHECK (status IN ('preparing', 'prepared', 'sending', 'done', 'paused', 'failed')),
  content         TEXT,                           -- JSON FrozenIssueSelection, set once by preparation
  audience_count  INTEGER,
  created_at      TEXT NOT NULL,
  prepared_at     TEXT,
  finished_at     TEXT,
  paused_reason   TEXT,                           -- e.g. '550 5.7.26': an operator must look
  UNIQUE (list_id, period_key)
);

-- The outbox: one row per (issue, subscription), written at preparation, claimed with a lease.
CREATE TABLE digest_deliveries (
  id                INTEGER PRIMARY KEY,
  public_id         TEXT NOT NULL UNIQUE,         -- in the VERP address and the Message-ID
  issue_id          INTEGER NOT NULL REFERENCES digest_issues (id),
  subscription_id   INTEGER NOT NULL REFERENCES digest_subscriptions (id),
  subscriber_id     INTEGER NOT NULL REFERENCES digest_subscribers (id),
  to_email          TEXT,                         -- snapshot at preparation; emptied on erasure
  message_id        TEXT NOT NULL UNIQUE,         -- the same on every retry
  selection         TEXT NOT NULL,                -- JSON SelectedPaper[]: what this recipient gets
  status            TEXT NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sending', 'sent', 'deferred', 'failed', 'uncertain', 'skipped')),
  attempts          INTEGER NOT NULL DEFAULT 0,
  first_attempt_at  TEXT,
  next_attempt_at   TEXT NOT NULL,
  lease_owner       TEXT,
  lease_expires_at  TEXT,
  last_code         TEXT,                         -- '452 4.2.2'
  last_error        TEXT,
  relay_response    TEXT,                         -- the 250 reply (queue id)
  bounce            TEXT CHECK (bounce IN ('hard', 'soft', 'policy', 'temporary', 'other')),
  sent_at           TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (issue_id, subscription_id)
);
CREATE INDEX digest_deliveries_due ON digest_deliveries (next_attempt_at, id) WHERE status IN ('queued', 'deferred');
CREATE INDEX digest_deliveries_leased ON digest_deliveries (lease_expires_at) WHERE status = 'sending';
CREATE INDEX digest_deliveries_issue ON digest_deliveries (issue_id, status);
CREATE INDEX digest_deliveries_subscriber ON digest_deliveries (subscriber_id, status);

-- Bounces, complaints and delays from any source; dedupe_key makes ingestion idempotent.
CREATE TABLE mail_events (
  id             INTEGER PRIMARY KEY,
  delivery_id    INTEGER REFERENCES digest_deliveries (id),
  subscriber_id  INTEGER REFERENCES digest_subscribers (id),
  kind           TEXT NOT NULL CHECK (kind IN ('hard', 'soft', 'complaint', 'delayed', 'policy')),
  source         TEXT NOT NULL CHECK (source IN ('smtp', 'dsn', 'arf', 'webhook', 'admin')),
  status_code    TEXT,
  diagnostic     TEXT,
  dedupe_key     TEXT UNIQUE,
  created_at     TEXT NOT NULL
);

-- Global: no digest goes to a suppressed address. Keyed by HMAC, so it survives erasure
-- without keeping the address itself.
CREATE TABLE mail_suppressions (
  email_hmac   TEXT PRIMARY KEY,
  reason       TEXT NOT NULL CHECK (reason IN ('hard_bounce', 'complaint', 'manual')),
  delivery_id  INTEGER REFERENCES digest_deliveries (id),
  created_at   TEXT NOT NULL
) WITHOUT ROWID;

-- Proof of consent (GDPR Art. 7(1)): append-only. Erasure may only blank ip and user_agent.
CREATE TABLE digest_consent_events (
  id                    INTEGER PRIMARY KEY,
  subscriber_id         INTEGER REFERENCES digest_subscribers (id),
  subscription_id       INTEGER REFERENCES digest_subscriptions (id),
  kind                  TEXT NOT NULL CHECK (kind IN ('signup', 'confirm_sent', 'confirm', 'unsubscribe', 'one_click',
                          'prefs', 'bounce_suppress', 'complaint', 'export', 'erase')),
  at                    TEXT NOT NULL,
  source                TEXT NOT NULL,             -- form id, URL, 'list-unsubscribe-post', 'dsn'
  consent_text_version  TEXT,
  ip                    TEXT,                      -- optional and truncated by the operator's policy
  user_agent            TEXT,
  details               TEXT                       -- JSON
);
CREATE INDEX digest_consent_events_subscriber ON digest_consent_events (subscriber_id, at);

CREATE TRIGGER digest_consent_events_no_delete BEFORE DELETE ON digest_consent_events
BEGIN
  SELECT RAISE(ABORT, 'digest_consent_events is append-only');
END;

CREATE TRIGGER digest_consent_events_no_update BEFORE UPDATE ON digest_consent_events
WHEN NEW.id IS NOT OLD.id OR NEW.subscriber_id IS NOT OLD.subscriber_id
  OR NEW.subscription_id IS NOT OLD.subscription_id OR NEW.kind IS NOT OLD.kind OR NEW.at IS NOT OLD.at
  OR NEW.source IS NOT OLD.source OR NEW.consent_text_version IS NOT OLD.consent_text_version
  OR NEW.details IS NOT OLD.details
  OR (NEW.ip IS NOT NULL AND NEW.ip IS NOT OLD.ip)
  OR (NEW.user_agent IS NOT NULL AND NEW.user_agent IS NOT OLD.user_agent)
BEGIN
  SELECT RAISE(ABORT, 'digest_consent_events is append-only (only ip and user_agent may be blanked)');
END;
