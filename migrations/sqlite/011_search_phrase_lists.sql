-- Impact lists for common phrases of frequent words (docs/search.md, "Phrase lists") are
-- written to search_impact_lists beside the word and pair lists. `format` says what a build
-- holds, so that lists built before phrase lists existed are rebuilt once:
--   1  word and pair impact lists, word posting lists (migrations 003 and 007)
--   2  the same, plus phrase lists of two and three frequent words
ALTER TABLE search_impact_state ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
