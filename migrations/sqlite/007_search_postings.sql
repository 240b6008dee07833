-- Complete posting lists of the frequent words (the words of search_impact_lists), for exact
-- AND searches without FTS5 scoring every match (docs/search.md, "Posting lists"). Built with
-- the impact lists and judged stale by the same search_impact_state row.
CREATE TABLE search_word_postings (
  word      TEXT PRIMARY KEY,     -- a porter stem as paper_search stores it
  doc_count INTEGER NOT NULL,     -- papers with the word in title, abstract or authors
  seqs      BLOB NOT NULL,        -- ascending papers.seq, as unsigned LEB128 gaps from the previous
  impacts   BLOB NOT NULL         -- Float32 little-endian per paper: BM25 score / idf at build time
);
