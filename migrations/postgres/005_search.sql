-- Search on PostgreSQL (docs/decisions/0008-search-on-postgres.md): every app process keeps
-- its own SQLite mirror of the papers' searchable columns and runs the FTS5 keyword index
-- over it. This migration gives papers the storage sequence number the index addresses them
-- by, and a change log the mirrors follow.

-- `seq` never changes for a paper (the importer updates rows in place, never re-inserts them).
-- Adding an identity column numbers the existing rows in physical order, then new rows go on
-- from there. GENERATED ALWAYS: no writer can choose or reuse a number.
ALTER TABLE papers ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE papers ADD CONSTRAINT papers_seq_unique UNIQUE (seq);

-- One row per insert, delete, or change of a searchable column of a paper, written in the
-- writer's transaction. It says which paper, not what changed: a follower reads the paper's
-- current row (or its absence) and writes that into its mirror, so applying a change twice
-- or late is harmless, and only skipping one is not.
--
-- The rule that skips nothing. change_id comes from a sequence, so ids are handed out in
-- the order transactions *write*, not the order they *commit*: T1 may take id 5 and commit
-- after T2 took id 6 and committed, and a follower that remembered "done up to 6" would
-- never see 5. So followers do not walk change_id. They walk (txid, change_id), and read a
-- row only when its transaction is older than the oldest transaction still running:
--
--   WHERE (txid, change_id) > (:cursor_txid, :cursor_change_id)
--     AND txid < pg_snapshot_xmin(pg_current_snapshot())
--
-- Every transaction below that xmin has ended (committed or rolled back), and transaction
-- ids only grow, so the rows below it are final: none can appear there later. The follower
-- reads them in (txid, change_id) order and remembers the last one it applied; rows that
-- turn up later all have txid >= that xmin, after its cursor. Each change is seen exactly
-- once, whatever order transactions committed in.
--
-- The price: a change becomes visible to followers only once every transaction that was
-- already running when it committed has ended, so one long transaction (a big import batch,
-- a session left idle in a transaction, in any database of the cluster) delays every mirror
-- until it ends. Import batches are one transaction per few thousand papers, seconds each.
CREATE TABLE search_changes (
  change_id  bigserial PRIMARY KEY,
  seq        bigint NOT NULL,                          -- papers.seq; the paper may be gone since
  txid       xid8 NOT NULL DEFAULT pg_current_xact_id() -- the writing transaction
);
CREATE INDEX search_changes_follow ON search_changes (txid, change_id);

-- The columns the keyword index reads (title, abstract, authors, and the filters' categories,
-- published_at and github_repo). Upvotes and the like change far more often and are not
-- searched, so an update touching only those writes no change row.
CREATE FUNCTION papers_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO search_changes (seq) VALUES (OLD.seq);
  ELSE
    INSERT INTO search_changes (seq) VALUES (NEW.seq);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER papers_search_insert_delete AFTER INSERT OR DELETE ON papers
FOR EACH ROW EXECUTE FUNCTION papers_search_change();

CREATE TRIGGER papers_search_update AFTER UPDATE ON papers
FOR EACH ROW
WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.abstract IS DISTINCT FROM NEW.abstract
  OR OLD.authors IS DISTINCT FROM NEW.authors OR OLD.categories IS DISTINCT FROM NEW.categories
  OR OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.github_repo IS DISTINCT FROM NEW.github_repo)
EXECUTE FUNCTION papers_search_change();

-- Which generation of the papers a mirror holds. TRUNCATE removes rows without row triggers,
-- so it writes no change rows; instead it gives the papers a new epoch, and a mirror holding
-- another epoch (or built from another database) starts over with a full copy. The row is
-- created by the first follower (not here), so a data-only restore into a freshly migrated
-- database does not collide with it.
CREATE TABLE search_epoch (
  id     integer PRIMARY KEY CHECK (id = 1),
  epoch  uuid NOT NULL
);

CREATE FUNCTION papers_search_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_epoch (id, epoch) VALUES (1, gen_random_uuid())
  ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch;
  RETURN NULL;
END;
$$;

CREATE TRIGGER papers_search_truncate AFTER TRUNCATE ON papers
FOR EACH STATEMENT EXECUTE FUNCTION papers_search_truncated();
