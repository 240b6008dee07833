-- Pruning the search change log (docs/decisions/0008-search-on-postgres.md,
-- src/adapters/storage/postgres/search/search-changes-pruner.ts). Followers read
-- search_changes after their cursor, each at its own pace, so a row may go only once every
-- follower has passed it. Followers therefore say where they are, and the pruner records how
-- far it went, so that a follower it did not wait for (away too long) notices and copies again
-- instead of skipping what was deleted.

-- When a change was written: the pruner keeps the last hour or so whatever the cursors say,
-- so a follower that is just starting (not registered yet) does not race it. Existing rows
-- get the time of this migration (a constant default: no table rewrite).
ALTER TABLE search_changes ADD COLUMN written_at timestamptz NOT NULL DEFAULT now();

-- One row per mirror (a SQLite file, or a process's in-memory one): the last change it
-- applied, (txid, change_id) as in 005_search.sql, written after a catch-up (at most every
-- minute or so) and when it starts a copy. A stored cursor is never ahead of the mirror's
-- own, so pruning at or below the lowest one deletes nothing a live follower still needs.
-- A mirror not seen for the retention window (days) is considered gone and no longer holds
-- pruning back.
CREATE TABLE search_followers (
  mirror_id      text PRIMARY KEY,
  cursor_txid    xid8 NOT NULL,
  cursor_change  bigint NOT NULL,
  seen_at        timestamptz NOT NULL
);

-- How far the change log was pruned: every deleted row is at or below (through_txid,
-- through_change). A follower whose cursor is below it may have missed deleted rows, so it
-- starts over with a full copy; followers read this in the same statement as the changes.
CREATE TABLE search_pruned (
  id              integer PRIMARY KEY CHECK (id = 1),
  through_txid    xid8 NOT NULL,
  through_change  bigint NOT NULL,
  pruned_at       timestamptz NOT NULL
);
