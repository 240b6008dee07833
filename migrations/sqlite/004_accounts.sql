-- Accounts: users, their sessions and personal API tokens, single-use email links, and the
-- throttle that slows down guessing. Secrets are never stored: sessions, API tokens and email
-- links keep the SHA-256 of the value the user holds (hex), so a copy of the database
-- cannot be used to sign in. docs/glossary.md defines the words.

CREATE TABLE users (
  id                 INTEGER PRIMARY KEY,
  email              TEXT NOT NULL UNIQUE,   -- lower-cased on the way in
  handle             TEXT NOT NULL UNIQUE,   -- lower-case, public: /users/{handle}
  display_name       TEXT NOT NULL,
  password_hash      TEXT NOT NULL,          -- argon2id PHC string
  role               TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'curator', 'moderator', 'admin')),
  email_verified_at  TEXT,                   -- null until the address is confirmed
  suspended_at       TEXT,                   -- set by a moderator; null: not suspended
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);

-- Server-side sessions. Signing out or revoking deletes the row. A session ends when it has
-- been idle too long (last_seen_at) or reaches expires_at, whichever comes first.
CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash    TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL,          -- absolute end, however active the session is
  user_agent    TEXT NOT NULL DEFAULT '',
  ip            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id, last_seen_at);

-- Personal API tokens (Authorization: Bearer), named by their owner; revoking deletes the row.
CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  last_used_at  TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Links sent by mail: confirm an address (purpose 'verify' or 'change_email', for the
-- address in `email`) or set a new password ('reset'). Each works once, until expires_at.
CREATE TABLE email_tokens (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'change_email')),
  token_hash  TEXT NOT NULL UNIQUE,
  email       TEXT NOT NULL,          -- the address the link was sent to
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

-- Attempts counted per key ("login:ip:203.0.113.9", "login:email:<sha-256 prefix>", ...)
-- so that limits hold across restarts and processes. Rows idle for a day are deleted.
CREATE TABLE auth_throttle (
  key            TEXT PRIMARY KEY,
  hits           INTEGER NOT NULL,
  first_hit_at   TEXT NOT NULL,
  last_hit_at    TEXT NOT NULL,
  blocked_until  TEXT                 -- no attempt is accepted before this time
);
CREATE INDEX auth_throttle_last_hit ON auth_throttle (last_hit_at);

-- Random keys made on first use and shared by every process on this database (the key that
-- signs CSRF tokens of signed-out forms).
CREATE TABLE auth_secrets (
  name        TEXT PRIMARY KEY,
  secret      TEXT NOT NULL,          -- hex
  created_at  TEXT NOT NULL
);
