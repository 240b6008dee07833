import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { BM25 } from "../../src/adapters/storage/sqlite/search/bm25.js";
import { compileSearch } from "../../src/adapters/storage/sqlite/search/fts5-search-match.js";
import { createPhraseKeywordSearch } from "../../src/adapters/storage/sqlite/search/phrase-keyword-search.js";
import { createAnyWordKeywordSearch } from "../../src/adapters/storage/sqlite/search/any-word-keyword-search.js";
import { createPostingsKeywordSearch } from "../../src/adapters/storage/sqlite/search/postings-keyword-search.js";
import { createPrunedKeywordSearch } from "../../src/adapters/storage/sqlite/search/pruned-keyword-search.js";
import { createRareWordKeywordSearch } from "../../src/adapters/storage/sqlite/search/rare-word-keyword-search.js";
import { buildImpactLists } from "../../src/adapters/storage/sqlite/search/sqlite-impact-lists.js";
import { createWordPostingsCache } from "../../src/adapters/storage/sqlite/search/sqlite-word-postings.js";
import { createFacetFilters } from "../../src/adapters/storage/sqlite/search/facet-filters.js";
import { type SqliteDatabase, openSqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { parseSearchQuery } from "../../src/core/search/parse-search-query.js";
import type { KeywordIndex } from "../../src/core/search/ports.js";
import type { ParsedQuery } from "../../src/core/search/query.js";
import type { ListSearchResult } from "../../src/adapters/storage/sqlite/search/list-freshness.js";
import { mulberry32 } from "../../src/lib/seeded-random.js";
import { porterTokens } from "../../src/adapters/storage/sqlite/search/porter-tokens.js";
import { createTestApp, toSourceLines } from "../helpers/test-app.js";

/**
 * The list-based searches (impact lists with the threshold algorithm, complete posting lists)
 * must answer exactly what FTS5 answers by scoring every match: same top 10 (up to ties),
 * same count. A random corpus with a skewed vocabulary and lists built at a small scale
 * (frequent = in ≥ 40 papers) exercises both, before and after papers are added, changed
 * and deleted behind the lists' back.
 */

const PAPERS = 2_500;
/** Word frequencies fall off like natural text: the first words are in most papers. */
const VOCABULARY = Array.from({ length: 90 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}x`);
// Words whose stem is not its own stem ("previously" → "previous" → "previou"): a list must
// hold the papers of the stem the index stores, not of the stem's stem.
VOCABULARY.splice(1, 1, "previously");
VOCABULARY.splice(4, 1, "biases");
VOCABULARY.splice(9, 1, "experimental");
/** The vocabulary word each stem comes from, to write a listed phrase as a search. */
const SURFACE = new Map(VOCABULARY.map((word) => [porterTokens(word)[0] as string, word]));

function pickWord(random: () => number): string {
  const at = Math.floor(VOCABULARY.length * random() ** 2.5);
  return VOCABULARY[at] as string;
}

function text(random: () => number, words: number): string {
  return Array.from({ length: words }, () => pickWord(random)).join(" ");
}

/** Words in a few papers each (names, datasets), below any list's threshold. */
const RARE = ["zorblax", "quintessa", "mervatron", "plyxen", "drovic"];
const CATEGORIES = ["cs.LG", "cs.CV", "cs.CL", "math.OC", "hep-th", "stat.ML"];

function paperLine(random: () => number, i: number): string {
  const primary = CATEGORIES[Math.floor(random() * CATEGORIES.length)] as string;
  const cross = random() < 0.3 ? [CATEGORIES[Math.floor(random() * CATEGORIES.length)] as string] : [];
  const month = String(1 + Math.floor(random() * 12)).padStart(2, "0");
  return JSON.stringify({
    id: `2501.${String(i).padStart(5, "0")}`,
    title: text(random, 3 + Math.floor(random() * 6)),
    abstract: `${text(random, 15 + Math.floor(random() * 60))}${random() < 0.04 ? ` ${RARE[Math.floor(random() * RARE.length)]}` : ""}`,
    authors: [`Author ${pickWord(random)}`],
    categories: [...new Set([primary, ...cross])],
    published: `${2018 + Math.floor(random() * 8)}-${month}-1${Math.floor(random() * 10)}`,
    ...(random() < 0.2 ? { github_repo: `lab/repo${i}` } : {}),
  });
}

/** Filters with a posting-list form: categories (an archive too), years, month ranges, has:code. */
const FILTERS = [
  "cat:cs.LG",
  "cat:math.OC cat:hep-th",
  "cat:cs",
  "year:2021",
  "from:2019-03 to:2022-11",
  "has:code",
  "cat:cs.CV from:2020-01 to:2023-12 has:code",
  // Where the papers moved behind the lists' back go (the rebuild test below).
  "cat:math.OC year:2021",
];

function randomQuery(random: () => number): string {
  const words = 2 + Math.floor(random() * 2);
  return Array.from({ length: words }, () => pickWord(random)).join(" ");
}

interface Ranked {
  scores: number[];
  total: number;
}

function rawFts5(db: SqliteDatabase, query: string, k = 10): Ranked {
  const match = compileSearch(parseSearchQuery(query), false, 2026).match ?? "";
  const rows = db
    .prepare<[string, number], { score: number }>(
      `SELECT ${BM25} AS score FROM paper_search WHERE paper_search MATCH ? ORDER BY score LIMIT ?`,
    )
    .all(match, k);
  const total = db
    .prepare<[string], { n: number }>("SELECT count(*) AS n FROM paper_search WHERE paper_search MATCH ?")
    .get(match)?.n;
  return { scores: rows.map((row) => -row.score), total: total ?? 0 };
}

/**
 * Scores agree to float32 precision (impacts are stored as Float32); after papers changed
 * behind the lists' back, to what the lists' older averages allow (the collection's mean
 * length and size moved by well under 1%).
 */
function assertSameScores(actual: number[], expected: number[], query: string, tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length, `${query}: number of hits`);
  actual.forEach((score, i) => {
    const want = expected[i] ?? Number.NaN;
    assert.ok(
      Math.abs(score - want) <= tolerance * Math.max(1, Math.abs(want)),
      `${query}: hit ${i} ${score} ≠ ${want}`,
    );
  });
}

describe("list-based keyword search against FTS5 scoring every match", () => {
  let dir: string;
  let file: string;
  let db: SqliteDatabase;
  let index: KeywordIndex;
  let close: () => Promise<void>;
  const random = mulberry32(20261127);
  const queries = Array.from({ length: 150 }, () => randomQuery(random));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-listed-"));
    file = join(dir, "paperboy.sqlite");
    const t = await createTestApp({ file, empty: true, env: { PAPERBOY_EMBEDDER: "off" } });
    const lines = Array.from({ length: PAPERS }, (_, i) => paperLine(random, i + 1));
    assert.equal((await t.app.importer.importLines(toSourceLines(lines))).inserted, PAPERS);
    index = t.app.storage.keywordIndex;
    close = () => t.app.close();
    db = openSqliteDatabase(file);
    const built = buildImpactLists(db, { minDocs: 40, listLength: 25 });
    assert.ok(built.words > 20, `enough frequent words to test with (${built.words})`);
  });

  after(async () => {
    db.close();
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  type ListSearch = (query: ParsedQuery, match: string) => ListSearchResult | null;

  /** Runs the queries through a list search and checks each answer against FTS5; returns how many it answered. */
  function checkAgainstFts5(search: ListSearch, queries: readonly string[], k = 10, tolerance = 1e-5): number {
    let answered = 0;
    for (const query of queries) {
      const parsed = parseSearchQuery(query);
      const found = search(parsed, compileSearch(parsed, false, 2026).match ?? "");
      if (found === null) continue;
      answered += 1;
      const raw = rawFts5(db, query, k);
      assertSameScores(
        found.top.map((hit) => hit.score),
        raw.scores,
        query,
        tolerance,
      );
      assert.equal(found.total, raw.total, `${query}: count`);
    }
    return answered;
  }

  function checkPostings(queries: readonly string[]): number {
    const byPostings = createPostingsKeywordSearch(db, createWordPostingsCache(db));
    return checkAgainstFts5((query) => byPostings(query, 10, 2026), queries);
  }

  it("posting lists answer AND searches of frequent and rare words with FTS5's top 10 and exact count", () => {
    assert.equal(checkPostings(queries), queries.length, "every AND of words is answered from the lists");
  });

  it("a word without a list joins the intersection as FTS5 scores it alone, filtered or not", () => {
    // Rare names and the vocabulary's tail (below the 40-paper threshold) beside listed words.
    const unlisted = [...RARE, ...VOCABULARY.slice(-6)];
    const mixed = unlisted.flatMap((word, i) => [
      `${VOCABULARY[i % 4]} ${word}`,
      `${word} ${VOCABULARY[(i + 2) % 9]} ${VOCABULARY[(i + 5) % 13]}`,
      `${VOCABULARY[i % 6]} ${word} ${FILTERS[i % FILTERS.length]}`,
    ]);
    assert.equal(checkPostings(mixed), mixed.length, "every AND with one listed word is answered");
    const byPostings = createPostingsKeywordSearch(db, createWordPostingsCache(db));
    assert.equal(byPostings(parseSearchQuery(`${RARE[0]} ${RARE[1]}`), 10, 2026), null, "no listed word: FTS5's");
    const rareFiltered = [...RARE, ...VOCABULARY.slice(-6)].flatMap((word, i) => [
      `${word} ${FILTERS[i % FILTERS.length]}`,
      `${word} ${RARE[(i + 1) % RARE.length]} ${FILTERS[(i + 3) % FILTERS.length]}`,
    ]);
    assert.equal(checkPostings(rareFiltered), rareFiltered.length, "filtered words without lists: the filters' lists");
  });

  it("posting lists answer filtered searches like FTS5 with the same filter terms", () => {
    const filtered = queries.slice(0, 70).map((words, i) => `${words} ${FILTERS[i % FILTERS.length]}`);
    assert.equal(checkPostings(filtered), 70, "every filtered AND of words is answered from the lists");
  });

  it("posting lists answer OR searches like FTS5: frequent and rare words, filtered or not, the same word twice", () => {
    const anyWord = createAnyWordKeywordSearch(db, createWordPostingsCache(db));
    const ors = [
      ...queries.slice(0, 40).map((words) => words.split(" ").join(" OR ")),
      ...RARE.map((word, i) => `${VOCABULARY[i % 5]} OR ${word} OR ${VOCABULARY[(i + 4) % 17]}`),
      ...queries.slice(40, 75).map((words, i) => `${words.split(" ").join(" OR ")} ${FILTERS[i % FILTERS.length]}`),
      `${VOCABULARY[3]} OR ${VOCABULARY[3]}`,
    ].filter((query) => query.includes(" OR "));
    assert.ok(ors.length >= 60, `enough OR searches (${ors.length})`);
    const answered = checkAgainstFts5((query) => anyWord(query, 10, 2026), ors);
    assert.equal(answered, ors.length, "every OR of words with a listed word is answered from the lists");
    const deep = checkAgainstFts5((query) => anyWord(query, 100, 2026), ors.slice(0, 10), 100);
    assert.equal(deep, 10, "a hundred deep, as hybrid search asks");
    for (const notHere of [`${RARE[0]} OR ${RARE[1]}`, `"${VOCABULARY[0]} ${VOCABULARY[1]}" OR ${VOCABULARY[2]}`]) {
      assert.equal(anyWord(parseSearchQuery(notHere), 10, 2026), null, `${notHere}: left to FTS5`);
    }
  });

  it("an AND with a rare word is scored from the rare word's papers, filtered or not", () => {
    const byRareWord = createRareWordKeywordSearch(db, createWordPostingsCache(db));
    const rare = RARE;
    const withRare = rare.flatMap((word, i) => [
      `${VOCABULARY[i % 5]} ${word}`,
      `${word} ${VOCABULARY[i % 7]} ${VOCABULARY[(i + 3) % 11]}`,
      `${VOCABULARY[i % 3]} ${word} ${FILTERS[i % FILTERS.length]}`,
    ]);
    const answered = checkAgainstFts5((query) => byRareWord(query, 10), withRare);
    assert.ok(answered >= withRare.length / 2, `most searches with a rare word are answered (${answered})`);
    assert.equal(byRareWord(parseSearchQuery(rare[0] as string), 10), null, "a rare word alone is left to FTS5");
  });

  it("phrases of frequent words are bounded by the words' lists and give FTS5's top 10 and exact count", () => {
    const byPhrase = createPhraseKeywordSearch(db, createWordPostingsCache(db));
    const phraseRandom = mulberry32(99);
    const phrases = Array.from({ length: 80 }, () => {
      const words = Array.from({ length: 2 + Math.floor(phraseRandom() * 2) }, () =>
        pickWord(() => phraseRandom() * 0.7),
      );
      return `"${words.join(" ")}"`;
    });
    const answered = checkAgainstFts5((query, match) => byPhrase(query, match, 10), phrases);
    assert.ok(answered >= 60, `most phrases of frequent words are answered (${answered} of 80)`);
  });

  it("common phrases have lists of their own: a search for one gives FTS5's top 10 and count", () => {
    const atoms = db
      .prepare<[], string>("SELECT atom FROM search_impact_lists WHERE atom LIKE '% %' ORDER BY atom")
      .pluck()
      .all();
    const threeWords = atoms.filter((atom) => atom.split(" ").length === 3);
    assert.ok(threeWords.length >= 5, `phrases of three words are listed too (${threeWords.length})`);
    const pruned = createPrunedKeywordSearch(db, createWordPostingsCache(db));
    const every = Math.max(1, Math.floor(atoms.length / 120));
    const phrases = atoms
      .filter((_atom, i) => i % every === 0)
      .map(
        (atom) =>
          `"${atom
            .split(" ")
            .map((stem) => SURFACE.get(stem) ?? stem)
            .join(" ")}"`,
      );
    const answered = checkAgainstFts5((query) => {
      const found = pruned(query, 10);
      return found === null || found.total === null ? null : { top: found.top, total: found.total };
    }, phrases);
    assert.equal(answered, phrases.length, "every listed phrase is answered from its list alone");
  });

  it("filtered phrases rank papers passing the filters like FTS5, with the phrase's idf and the filtered count", () => {
    const byPhrase = createPhraseKeywordSearch(db, createWordPostingsCache(db));
    const listed = db
      .prepare<[], string>("SELECT atom FROM search_impact_lists WHERE atom LIKE '% %' ORDER BY atom")
      .pluck()
      .all()
      .filter((_atom, i) => i % 7 === 0)
      .map((atom) => atom.split(" ").map((stem) => SURFACE.get(stem) ?? stem));
    const phraseRandom = mulberry32(7);
    const unlisted = Array.from({ length: 40 }, () =>
      Array.from({ length: 2 + Math.floor(phraseRandom() * 2) }, () => pickWord(() => phraseRandom() * 0.7)),
    );
    const phrases = [...listed, ...unlisted].map((words, i) => `"${words.join(" ")}" ${FILTERS[i % FILTERS.length]}`);
    const answered = checkAgainstFts5((query, match) => byPhrase(query, match, 10), phrases);
    assert.ok(
      answered >= phrases.length * 0.75,
      `most filtered phrases are answered (${answered} of ${phrases.length})`,
    );
    const byAuthor = parseSearchQuery(`"${VOCABULARY[0]} ${VOCABULARY[1]}" author:"Late Author"`);
    assert.equal(
      byPhrase(byAuthor, compileSearch(byAuthor, false, 2026).match ?? "", 10),
      null,
      "an author adds score",
    );
  });

  it("answers the same with a list cache too small to keep any list, and filters follow a rebuild", () => {
    // One byte: every list is decoded again on each use, and shared filter sets outlive them.
    const postings = createWordPostingsCache(db, 1);
    const filters = createFacetFilters(postings);
    const byPostings = createPostingsKeywordSearch(db, postings, filters);
    const anyWord = createAnyWordKeywordSearch(db, postings, filters);
    const byPhrase = createPhraseKeywordSearch(db, postings);
    const filtered = queries.slice(100, 130).map((words, i) => `${words} ${FILTERS[i % FILTERS.length]}`);
    const ors = queries.slice(130, 150).map((words, i) => `${words.split(" ").join(" OR ")} ${FILTERS[i % 3]}`);
    const phrases = [0, 2, 4].map((i, n) => `"${VOCABULARY[i]} ${VOCABULARY[i + 1]}" ${FILTERS[n]}`);
    // Lists score with the lengths of their build: the filter terms count in a paper's length.
    const checkAll = (tolerance = 1e-5) => {
      const check = (search: ListSearch, some: string[]) => checkAgainstFts5(search, some, 10, tolerance);
      assert.equal(
        check((query) => byPostings(query, 10, 2026), filtered),
        filtered.length,
      );
      assert.equal(
        check((query) => anyWord(query, 10, 2026), ors),
        ors.length,
      );
      assert.equal(
        check((query, match) => byPhrase(query, match, 10), phrases),
        phrases.length,
      );
    };
    checkAll();
    // Papers move to another category and year and gain a code link behind the lists' back:
    // they are checked from their current rows (search_changes logs them) until the next build.
    db.prepare(
      "UPDATE papers SET categories = 'math.OC', published_at = '2021-06-15T00:00:00.000Z', github_repo = 'lab/moved' WHERE seq % 25 = 0",
    ).run();
    checkAll(3e-3);
    // After a rebuild, a filter set built from the old lists would count the wrong papers.
    buildImpactLists(db, { minDocs: 40, listLength: 25 });
    checkAll();
  });

  it("the threshold algorithm, when it proves an answer, gives FTS5's top 10", () => {
    const pruned = createPrunedKeywordSearch(db, createWordPostingsCache(db));
    let proven = 0;
    for (const query of [...queries, ...VOCABULARY.slice(0, 30)]) {
      const found = pruned(parseSearchQuery(query), 10);
      if (found === null) continue;
      proven += 1;
      assertSameScores(
        found.top.map((hit) => hit.score),
        rawFts5(db, query).scores,
        query,
      );
    }
    assert.ok(proven >= 30, `single frequent words at least are proven (${proven})`);
  });

  it("the keyword index gives the same answers as FTS5, also for papers added, changed and deleted since the build", async () => {
    const check = async (tolerance: number) => {
      const phrases = [0, 1, 2, 5, 8].map((i) => `"${VOCABULARY[i]} ${VOCABULARY[i + 1]}"`);
      const filtered = [
        ...queries.slice(60, 74).map((words, i) => `${words} ${FILTERS[i % FILTERS.length]}`),
        ...phrases.map((phrase, i) => `${phrase} ${FILTERS[i % FILTERS.length]}`),
      ];
      const ors = queries.slice(74, 90).map((words, i) => `${words.split(" ").join(" OR ")} ${FILTERS[i % 2]}`);
      for (const query of [...queries.slice(0, 60), ...phrases, ...filtered, ...ors]) {
        const result = await index.search({
          query: parseSearchQuery(query),
          sort: "relevance",
          offset: 0,
          limit: 10,
          prefixLast: false,
        });
        const raw = rawFts5(db, query);
        assertSameScores(
          result.hits.map((hit) => hit.score),
          raw.scores,
          query,
          tolerance,
        );
        assert.deepEqual([result.total, result.totalExact], [raw.total, true], `${query}: count`);
      }
    };
    await check(1e-5);
    // Behind the lists' back: new papers made of the most frequent words (so they compete
    // for the top), a rewritten abstract and a deleted paper.
    const strong = VOCABULARY.slice(0, 4).join(" ");
    const newcomers = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({
        id: `2502.${String(i + 1).padStart(5, "0")}`,
        title: `${strong} ${strong}`,
        abstract: strong,
        authors: ["Late Author"],
        categories: ["cs.LG"],
        published: "2025-02-02",
      }),
    );
    db.prepare("UPDATE papers SET abstract = ? WHERE seq = 7").run(`${strong} ${strong} ${strong}`);
    db.prepare("DELETE FROM papers WHERE seq = (SELECT min(seq) FROM papers WHERE seq > 100)").run();
    const reopened = await createTestApp({ file, empty: true, env: { PAPERBOY_EMBEDDER: "off" } });
    try {
      assert.equal((await reopened.app.importer.importLines(toSourceLines(newcomers))).inserted, newcomers.length);
    } finally {
      await reopened.app.close();
    }
    await check(3e-3);
    const strongest = await index.search({
      query: parseSearchQuery(VOCABULARY.slice(0, 2).join(" ")),
      sort: "relevance",
      offset: 0,
      limit: 10,
      prefixLast: false,
    });
    assert.ok(
      strongest.hits.filter((hit) => hit.paperId.startsWith("2502.")).length >= 5,
      "papers added after the build reach the top",
    );
  });

  it("a build stopped part way resumes with the atoms it had not finished and writes the same lists", () => {
    const settings = { minDocs: 40, listLength: 25 };
    const written = () => ({
      lists: db.prepare("SELECT atom, doc_count, hex(seqs), hex(impacts) FROM search_impact_lists ORDER BY atom").all(),
      postings: db
        .prepare("SELECT word, doc_count, hex(seqs), hex(impacts) FROM search_word_postings ORDER BY word")
        .all(),
      state: db
        .prepare("SELECT papers, through_seq, through_change, min_docs, list_length FROM search_impact_state")
        .get(),
    });
    const recorded = () => db.prepare<[], string>("SELECT atom FROM search_list_build_atoms").pluck().all();
    const buildsUnderWay = () => db.prepare<[], number>("SELECT count(*) FROM search_list_build").pluck().get();
    /** A build that stops (as a crash would) when it is about to start its atom number `at`. */
    const stoppedBuild = (at: number, listLength = settings.listLength) =>
      assert.throws(
        () =>
          buildImpactLists(db, {
            ...settings,
            listLength,
            onProgress: (done) => {
              if (done >= at) throw new Error("stopped");
            },
          }),
        /stopped/,
      );

    assert.equal(buildImpactLists(db, settings).resumed, 0);
    const expected = written();
    assert.deepEqual([buildsUnderWay(), recorded()], [0, []], "a finished build leaves no progress behind");

    stoppedBuild(30);
    const finished = new Set(recorded());
    assert.equal(finished.size, 30, "each finished atom is recorded");
    const builtAgain: string[] = [];
    const resumed = buildImpactLists(db, { ...settings, onProgress: (_d, _t, atom) => builtAgain.push(atom) });
    assert.equal(resumed.resumed, 30);
    assert.deepEqual(
      builtAgain.filter((atom) => finished.has(atom)),
      [],
      "no finished atom is built twice",
    );
    assert.ok(builtAgain.length > 30, "the rest is built");
    assert.deepEqual(written(), expected, "the same lists as a build that never stopped");
    assert.deepEqual([buildsUnderWay(), recorded()], [0, []]);

    // A build with other settings does not take over a stopped one's atoms: it starts over.
    stoppedBuild(10);
    stoppedBuild(0, 26);
    assert.deepEqual([buildsUnderWay(), recorded()], [1, []]);
    assert.equal(buildImpactLists(db, settings).resumed, 0);
    assert.deepEqual(written(), expected);
  });
});

describe("date filter terms", () => {
  const compiled = (query: string) => compileSearch(parseSearchQuery(query), false, 2026).match ?? "";

  it("a whole year is one term and the months of a partial year one each", () => {
    const match = compiled("model from:2023-11 to:2025-02");
    const dates = match.match(/"y\d{4}"|"ym\d{6}"/g) ?? [];
    assert.deepEqual(dates, ['"ym202311"', '"ym202312"', '"y2024"', '"ym202501"', '"ym202502"']);
    assert.deepEqual(compiled("model year:2024").match(/"y\d{4}"|"ym\d{6}"/g), ['"y2024"']);
  });
});
