-- Where an impact-list build has got to (docs/search.md, "Building the lists"), so that an
-- interrupted build (a deploy, a crash, a stopped `paperboy reindex --keyword`) resumes
-- instead of starting over: at three million papers a build takes hours. Both tables are
-- empty when no build is under way; a build writes each atom's lists and its row in
-- search_list_build_atoms in one transaction, and clears both when it finishes.
CREATE TABLE search_list_build (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  started_at TEXT NOT NULL,
  -- The collection as the build first saw it: what search_impact_state records at the end.
  papers INTEGER NOT NULL,
  through_seq INTEGER NOT NULL,
  through_change INTEGER NOT NULL,
  -- A build with other settings starts over.
  min_docs INTEGER NOT NULL,
  list_length INTEGER NOT NULL,
  format INTEGER NOT NULL
);

CREATE TABLE search_list_build_atoms (
  atom TEXT PRIMARY KEY,
  -- 1: its lists were written; 0: it matched too few papers for a list.
  kept INTEGER NOT NULL CHECK (kept IN (0, 1))
) WITHOUT ROWID;
