-- Keyword search: an FTS5 index over titles, abstracts and authors, plus filter tokens.
-- docs/search.md explains the design; docs/decisions/0006-keyword-search-index.md the choices.

-- What the index holds for each paper. `facets` turns filters into index terms, so that a
-- filtered search is one FTS5 query that intersects posting lists (a join of FTS5 with a
-- filtered b-tree makes SQLite re-run MATCH for every row it scans):
--   y2024, ym202403      publication year and month
--   catcsxlg, cathepth   every listed category: "cat" + archive without "-" + "x" + subject
--   hascode              a GitHub repository is linked
--   authorsep            between two authors' names (authors is a JSON array), so that a
--                        name phrase never matches the end of one name and the start of the next
-- Pure SQL on purpose: FTS5 reads this view back for highlight() and snippet(), and any
-- connection (the sqlite3 shell included) must be able to.
CREATE VIEW paper_search_source AS
SELECT
  seq,
  title,
  abstract,
  replace(authors, '","', '" authorsep "') AS authors,
  'y' || substr(published_at, 1, 4) || ' ym' || substr(published_at, 1, 4) || substr(published_at, 6, 2)
    || CASE WHEN github_repo IS NOT NULL THEN ' hascode' ELSE '' END
    || CASE WHEN categories = '' THEN ''
       ELSE ' cat' || replace(replace(replace(lower(categories), '-', ''), '.', 'x'), ' ', ' cat') END AS facets
FROM papers;

-- External content: the text lives once, in papers. Porter stemming so that "models" finds
-- "model"; diacritics folded so that "Schrodinger" finds "Schrödinger".
-- @see https://www.sqlite.org/fts5.html#external_content_tables
CREATE VIRTUAL TABLE paper_search USING fts5 (
  title,
  abstract,
  authors,
  facets,
  content = 'paper_search_source',
  content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO paper_search (paper_search) VALUES ('rebuild');

-- Papers whose searchable text changed, in order: the semantic indexer re-embeds them and the
-- head-term lists treat them as unverified until rebuilt. New papers need no row (seq grows).
CREATE TABLE search_changes (
  change_id  INTEGER PRIMARY KEY,
  seq        INTEGER NOT NULL
);

CREATE TRIGGER papers_search_insert AFTER INSERT ON papers BEGIN
  INSERT INTO paper_search (rowid, title, abstract, authors, facets)
  SELECT seq, title, abstract, authors, facets FROM paper_search_source WHERE seq = new.seq;
END;

-- The importer rewrites whole rows (an upvote count changes more often than a title), so the
-- index is touched only when something it holds changed. The old values must be passed to
-- 'delete' exactly as they were indexed.
CREATE TRIGGER papers_search_update AFTER UPDATE ON papers
WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract OR old.authors IS NOT new.authors
  OR old.categories IS NOT new.categories OR old.published_at IS NOT new.published_at
  OR old.github_repo IS NOT new.github_repo
BEGIN
  INSERT INTO paper_search (paper_search, rowid, title, abstract, authors, facets) VALUES (
    'delete', old.seq, old.title, old.abstract, replace(old.authors, '","', '" authorsep "'),
    'y' || substr(old.published_at, 1, 4) || ' ym' || substr(old.published_at, 1, 4) || substr(old.published_at, 6, 2)
      || CASE WHEN old.github_repo IS NOT NULL THEN ' hascode' ELSE '' END
      || CASE WHEN old.categories = '' THEN ''
         ELSE ' cat' || replace(replace(replace(lower(old.categories), '-', ''), '.', 'x'), ' ', ' cat') END
  );
  INSERT INTO paper_search (rowid, title, abstract, authors, facets)
  SELECT seq, title, abstract, authors, facets FROM paper_search_source WHERE seq = new.seq;
  INSERT INTO search_changes (seq)
  SELECT new.seq WHERE old.title IS NOT new.title OR old.abstract IS NOT new.abstract;
END;

CREATE TRIGGER papers_search_delete AFTER DELETE ON papers BEGIN
  INSERT INTO paper_search (paper_search, rowid, title, abstract, authors, facets) VALUES (
    'delete', old.seq, old.title, old.abstract, replace(old.authors, '","', '" authorsep "'),
    'y' || substr(old.published_at, 1, 4) || ' ym' || substr(old.published_at, 1, 4) || substr(old.published_at, 6, 2)
      || CASE WHEN old.github_repo IS NOT NULL THEN ' hascode' ELSE '' END
      || CASE WHEN old.categories = '' THEN ''
         ELSE ' cat' || replace(replace(replace(lower(old.categories), '-', ''), '.', 'x'), ' ', ' cat') END
  );
  INSERT INTO search_changes (seq) VALUES (old.seq);
END;

-- Top-k pruning for frequent words and word pairs (src/core/search/threshold-top-k.ts): for
-- each, the papers with the highest BM25 impact, best first. Rebuilt by `paperboy reindex`
-- and the search-lists job; a search checks `search_impact_state` and ignores stale lists.
CREATE TABLE search_impact_lists (
  atom       TEXT PRIMARY KEY,     -- stemmed tokens as the index holds them: "model", "data and"
  doc_count  INTEGER NOT NULL,     -- papers matching the atom when the list was built
  seqs       BLOB NOT NULL,        -- Int32 little-endian, best first
  impacts    BLOB NOT NULL         -- Float32 little-endian: BM25 score / idf, best first
);

CREATE TABLE search_impact_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  built_at       TEXT NOT NULL,
  papers         INTEGER NOT NULL,  -- papers in the index when built (idf and staleness)
  through_seq    INTEGER NOT NULL,  -- papers after this are verified at query time
  through_change INTEGER NOT NULL,  -- search_changes after this are verified at query time
  min_docs       INTEGER NOT NULL,  -- atoms matching fewer papers have no list
  list_length    INTEGER NOT NULL
);
