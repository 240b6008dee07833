-- Accounts: users, their sessions and personal API tokens, single-use email links, the
-- throttle that slows down guessing, and shared random keys (the PostgreSQL twin of
-- migrations/sqlite/004_accounts.sql and 008_profile_settings.sql).
--
-- Secrets are never stored: sessions, API tokens and email links keep the SHA-256 of the
-- value the user holds (hex), so a copy of the database cannot be used to sign in.
--
-- Times are timestamptz, not text: they compare as instants and sort by index. The port
-- speaks ISO 8601 UTC strings; the pool (postgres-pool.ts) reads every timestamptz back as
-- Date#toISOString(), so a value written as "2026-11-26T10:00:00.123Z" reads back as exactly
-- that string (millisecond precision, as the hub writes them; SQLite keeps the text as given).
--
-- Emails and handles are compared exactly, as in SQLite: the core lower-cases both on the
-- way in, so the unique keys need no case folding. docs/glossary.md defines the words.

CREATE TABLE users (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email              text NOT NULL UNIQUE,   -- lower-cased on the way in
  handle             text NOT NULL UNIQUE,   -- lower-case, public: /users/{handle}
  display_name       text NOT NULL,
  password_hash      text NOT NULL,          -- argon2id PHC string
  role               text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'curator', 'moderator', 'admin')),
  email_verified_at  timestamptz,            -- null until the address is confirmed
  suspended_at       timestamptz,            -- set by a moderator; null: not suspended
  show_upvotes       boolean NOT NULL DEFAULT false,  -- profile lists their upvotes; off: votes stay private
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
-- The admin user list: newest account first, a page at a time.
CREATE INDEX users_newest ON users (created_at DESC, id DESC);
-- The last-admin rule looks for other admins who are not suspended.
CREATE INDEX users_admins ON users (id) WHERE role = 'admin' AND suspended_at IS NULL;

-- Server-side sessions. Signing out or revoking deletes the row. A session ends when it has
-- been idle too long (last_seen_at) or reaches expires_at, whichever comes first. The sweep
-- of ended sessions runs a few times a day and scans the table: an index on last_seen_at
-- would make every touch of a session rewrite it.
CREATE TABLE sessions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash    text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,    -- absolute end, however active the session is
  user_agent    text NOT NULL DEFAULT '',
  ip            text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id, last_seen_at);

-- Personal API tokens (Authorization: Bearer), named by their owner; revoking deletes the row.
CREATE TABLE api_tokens (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name          text NOT NULL,
  token_hash    text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL,
  last_used_at  timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

-- Links sent by mail: confirm an address (purpose 'verify' or 'change_email', for the
-- address in `email`) or set a new password ('reset'). Each works once, until expires_at.
CREATE TABLE email_tokens (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('verify', 'reset', 'change_email')),
  token_hash  text NOT NULL UNIQUE,
  email       text NOT NULL,            -- the address the link was sent to
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);
CREATE INDEX email_tokens_expires ON email_tokens (expires_at);

-- Attempts counted per key ("login:ip:203.0.113.9", "login:email:<sha-256 prefix>", ...)
-- so that limits hold across restarts and processes. Rows idle for a day are deleted.
-- An update locks the key's row (creating it first when absent) for its transaction, so
-- concurrent attempts on one key are counted one after another.
CREATE TABLE auth_throttle (
  key            text PRIMARY KEY,
  hits           integer NOT NULL,
  first_hit_at   timestamptz NOT NULL,
  last_hit_at    timestamptz NOT NULL,
  blocked_until  timestamptz             -- no attempt is accepted before this time
);
CREATE INDEX auth_throttle_last_hit ON auth_throttle (last_hit_at);

-- Random keys made on first use and shared by every process on this database (the key that
-- signs CSRF tokens of signed-out forms).
CREATE TABLE auth_secrets (
  name        text PRIMARY KEY,
  secret      bytea NOT NULL,
  created_at  timestamptz NOT NULL
);
