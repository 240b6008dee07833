-- search_changes also logs papers whose authors, categories, publication date or code link
-- changed, not only their title or abstract. The keyword lists (impact lists, word and filter
-- posting lists) hold each paper's scores and filters as they were at the build, so until
-- the next build a search must check such a paper from its current row, as it does a paper
-- whose text changed: a paper given a GitHub repository after the build would otherwise be
-- missing from `has:code`, and one moved to another category found under the old one.
-- `text_changed` = 0 marks the rows the semantic index can skip (it embeds title and
-- abstract only).
ALTER TABLE search_changes ADD COLUMN text_changed INTEGER NOT NULL DEFAULT 1;

DROP TRIGGER papers_search_update;

-- As in 003_search.sql; the change row is now written for every column the index holds.
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
  INSERT INTO search_changes (seq, text_changed)
  VALUES (new.seq, old.title IS NOT new.title OR old.abstract IS NOT new.abstract);
END;
