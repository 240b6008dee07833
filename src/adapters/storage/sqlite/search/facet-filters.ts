import { type SeqBitset, bitsetOfLists, intersectBitsets } from "../../../../core/search/seq-bitset.js";
import { porterTokens } from "./porter-tokens.js";
import { FACET_KEY_PREFIX, type WordPostingsCache } from "./sqlite-word-postings.js";

/**
 * Category, date and has:code filters as bitsets of the papers passing them, built from the
 * posting lists of their `facets` terms. A group (the months of a range, the
 * subjects of an archive) is the union of its terms' lists, kept for the next search that
 * names it: people filter by the same few categories and years again and again, and a group
 * costs 0.5–2 ms to build at a million papers where a bit test is nanoseconds. Groups combine
 * word by word (every group must pass: 0.2–0.4 ms at a million papers), and combinations are
 * kept too, apart from the groups. Testing a paper against each group instead would save that
 * pass but test more papers: a two-year range alone passes tens of thousands, which is what a
 * frequent word's search would then walk (measured: three times slower). Papers changed since
 * the lists were built are not in them; the searches check those papers' filters from their
 * current text.
 */

/** Groups kept per connection (125 KB each per million papers). */
const GROUPS_KEPT = 48;
/**
 * Combinations kept (as large): more than groups, as a few groups make many combinations
 * (8 categories × 15 two-year ranges in the search benchmark: 120).
 */
const COMBINATIONS_KEPT = 128;

export type FacetFilters = ReturnType<typeof createFacetFilters>;

export function createFacetFilters(
  postings: WordPostingsCache,
  groupsKept = GROUPS_KEPT,
  combinationsKept = COMBINATIONS_KEPT,
) {
  // Combinations apart: many combinations of a few groups must not push the groups out.
  const groups = new Map<string, SeqBitset>();
  const combinations = new Map<string, SeqBitset>();
  let generation = -1;

  /** The set under `key` in `sets`, made by `make` unless kept; the least recently used go first. */
  function kept(sets: Map<string, SeqBitset>, limit: number, key: string, make: () => SeqBitset): SeqBitset {
    const hit = sets.get(key);
    if (hit !== undefined) {
      sets.delete(key);
      sets.set(key, hit);
      return hit;
    }
    const set = make();
    sets.set(key, set);
    for (const oldest of sets.keys()) {
      if (sets.size <= limit) break;
      sets.delete(oldest);
    }
    return set;
  }

  const groupKey = (terms: readonly string[]) => terms.join("\u0000");
  const groupSet = (terms: readonly string[]) =>
    kept(groups, groupsKept, groupKey(terms), () =>
      bitsetOfLists(facetKeys(postings, terms).flatMap((listKey) => postings.get(listKey)?.seqs ?? [])),
    );

  /**
   * The papers (as listed at the last build) passing every group, or null when there is no
   * filter. Call after `postings.sync`: sets built from older lists are dropped.
   */
  return function papersPassing(termGroups: readonly (readonly string[])[]): SeqBitset | null {
    if (postings.generation() !== generation) {
      groups.clear();
      combinations.clear();
      generation = postings.generation();
    }
    if (termGroups.length === 0) return null;
    if (termGroups.length === 1) return groupSet(termGroups[0] as readonly string[]);
    const key = termGroups.map(groupKey).join("\u0001");
    return kept(combinations, combinationsKept, key, () => intersectBitsets(termGroups.map(groupSet)));
  };
}

/** List keys of the facet terms (a trailing `*` is a prefix), stemmed as FTS5 stores them. */
function facetKeys(postings: WordPostingsCache, terms: readonly string[]): string[] {
  return terms.flatMap((term) =>
    term.endsWith("*")
      ? postings.keysStartingWith(`${FACET_KEY_PREFIX}${term.slice(0, -1)}`)
      : // "hascode" is kept as "hascod".
        [`${FACET_KEY_PREFIX}${porterTokens(term)[0] ?? term}`],
  );
}
