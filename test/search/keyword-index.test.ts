import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { COUNT_LIMIT } from "../../src/adapters/storage/sqlite/search/sqlite-keyword-index.js";
import { parseSearchQuery } from "../../src/core/search/parse-search-query.js";
import type { EmbeddingSource, KeywordIndex, KeywordSort, TextSegment } from "../../src/core/search/ports.js";
import { createTestApp, toSourceLines } from "../helpers/test-app.js";

/**
 * The SQLite keyword index (migrations/sqlite/003_search.sql, sqlite-keyword-index.ts) on a
 * hand-written corpus: every word, category, author and date below is placed so that one
 * assertion depends on it. Expected sets of filter searches are computed from the records by
 * plain predicates written here, not by the code under test.
 */

interface PaperRecord {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  published: string;
  updated?: string;
  github_repo?: string;
  upvotes?: number;
}

const LONG_LEGAL_ABSTRACT =
  "Courts publish long rulings whose structure is implicit, and readers must find the passages that matter among " +
  "pages of procedural history, party submissions and citations to earlier decisions by other benches. We segment " +
  "rulings into sections and align each section with the statute it interprets, so that a reader can jump from a " +
  "provision to every ruling that applied it, and from a ruling to the provisions it relied on, across many decades " +
  "of published decisions from several jurisdictions whose drafting conventions differ in layout, numbering and style.";

const LONG_SPIRAL_ABSTRACT =
  "Seed heads arrange their florets in interlocking spirals whose counts follow consecutive Fibonacci numbers, a " +
  "pattern explained by a constant divergence angle between successive primordia at the growing tip. We image " +
  "thousands of heads from field plots, count the spirals automatically and measure how often the counts deviate " +
  "from the expected pairs, finding that deviations cluster in heads that were damaged early in development.";

/** Each record is here for the assertions that name it; see the comment on each. */
const CORPUS: PaperRecord[] = [
  {
    // "protein" in the title only; the same length as the next paper, which says it twice in its abstract.
    id: "2305.10001",
    title: "Protein Folding with Sparse Attention",
    abstract:
      "We predict the structure of amino acid chains with a sparse attention layer trained on solved structures.",
    authors: ["Ada Lovelace", "Charles Babbage"],
    categories: ["q-bio.BM", "cs.LG"],
    published: "2023-05-10",
    github_repo: "lab/folding",
  },
  {
    id: "2306.10002",
    title: "Graph Coloring Heuristics for Scheduling",
    abstract:
      "Scheduling reduces to coloring; protein interaction graphs and protein networks give our hardest instances.",
    authors: ["Edsger Dijkstra"],
    categories: ["cs.DM"],
    published: "2023-06-01",
  },
  {
    // "neural network" as a phrase (2024-03-14, the day before the next paper).
    id: "2403.10003",
    title: "Pruning at Initialisation",
    abstract: "We prune a neural network before training and keep its accuracy.",
    authors: ["Barbara Liskov"],
    categories: ["cs.LG"],
    published: "2024-03-14",
  },
  {
    // Both words, never next to each other in that order (2024-03-15).
    id: "2403.10004",
    title: "Analysis of Recordings from Cortex",
    abstract: "A network of electrodes records neural activity in behaving mice.",
    authors: ["Santiago Ramón y Cajal"],
    categories: ["q-bio.NC"],
    published: "2024-03-15",
  },
  {
    id: "2208.10005",
    title: "Kelp Forest Carbon Uptake",
    abstract: "Underwater forests store carbon in their blades and in the sediment below them.",
    authors: ["Rachel Carson"],
    categories: ["q-bio.PE"],
    published: "2022-08-01",
  },
  {
    id: "2209.10006",
    title: "Mangrove Restoration Outcomes",
    abstract: "Replanted coastal forests recover slowly, and survival depends on tidal flooding.",
    authors: ["Rachel Carson"],
    categories: ["q-bio.PE"],
    published: "2022-09-01",
  },
  {
    // "reef" and "coral".
    id: "2301.10007",
    title: "Coral Reef Bleaching Forecasts",
    abstract: "Sea surface temperature anomalies predict bleaching weeks ahead.",
    authors: ["Sylvia Earle"],
    categories: ["physics.ao-ph"],
    published: "2023-01-10",
  },
  {
    // "reef" without "coral".
    id: "2302.10008",
    title: "Reef Fish Census by Drone",
    abstract: "Aerial images of shallow lagoons let us count fish schools from above.",
    authors: ["Sylvia Earle", "Jacques Cousteau"],
    categories: ["cs.CV"],
    published: "2023-02-10",
    github_repo: "ocean/fishcount",
  },
  {
    // "quantum" in hep-th, on the first day of April 2024.
    id: "2404.10009",
    title: "Quantum Gravity in Two Dimensions",
    abstract: "Dilaton gravity on a line admits an exact path integral.",
    authors: ["Juan Maldacena"],
    categories: ["hep-th"],
    published: "2024-04-01",
  },
  {
    // "quantum" in quant-ph, on the last day of February 2024 (a leap day).
    id: "2402.10010",
    title: "Quantum Error Correction Codes",
    abstract: "Surface codes protect logical bits from local noise.",
    authors: ["Peter Shor"],
    categories: ["quant-ph"],
    published: "2024-02-29",
  },
  {
    id: "2405.10011",
    title: "Higgs Boson Decay Channels",
    abstract: "Branching ratios measured at the collider agree with prediction.",
    authors: ["Peter Higgs"],
    categories: ["hep-ph"],
    published: "2024-05-01",
  },
  {
    // hep-th cross-listed in gr-qc.
    id: "2211.10012",
    title: "Holographic Entanglement Entropy",
    abstract: "Minimal surfaces in the bulk compute entropy on the boundary.",
    authors: ["Juan Maldacena", "Tadashi Takayanagi"],
    categories: ["hep-th", "gr-qc"],
    published: "2022-11-30",
  },
  {
    // "Model" (singular) only here: stemming.
    id: "2303.10013",
    title: "Sea Ice Drift with a Diffusion Model",
    abstract: "Ice floes are advected by wind and ocean currents; we fit drift velocities.",
    authors: ["Fridtjof Nansen"],
    categories: ["physics.ao-ph"],
    published: "2023-03-01",
  },
  {
    // In the math archive.
    id: "2201.10014",
    title: "Algebraic Curves over Finite Fields",
    abstract: "Counting points on curves bounds the size of codes.",
    authors: ["Emmy Noether"],
    categories: ["math.AG"],
    published: "2022-01-15",
  },
  {
    // math-ph is its own archive, not a subject of math.
    id: "2202.10015",
    title: "Random Matrices in Mathematical Physics",
    abstract: "Eigenvalue statistics of large matrices follow universal laws.",
    authors: ["Freeman Dyson"],
    categories: ["math-ph"],
    published: "2022-02-15",
  },
  {
    // Primary stat.ML, cross-listed in cs.LG; published in the last second of March 2024.
    id: "2403.10016",
    title: "Boosting Trees for Tabular Data",
    abstract: "Gradient boosted trees remain strong baselines on spreadsheets.",
    authors: ["Leo Breiman"],
    categories: ["stat.ML", "cs.LG"],
    published: "2024-03-31T23:59:59Z",
  },
  {
    // Diacritics in author names.
    id: "2307.10017",
    title: "Glacier Calving Acoustics",
    abstract: "Hydrophones hear icebergs break off tidewater glaciers.",
    authors: ["Zoë Ångström", "Ana María Pérez"],
    categories: ["physics.geo-ph"],
    published: "2023-07-07",
  },
  {
    // The same name without diacritics.
    id: "2308.10018",
    title: "Ice Shelf Fracture Mechanics",
    abstract: "Crevasses propagate through floating ice under tidal stress.",
    authors: ["Zoe Angstrom"],
    categories: ["physics.geo-ph"],
    published: "2023-08-08",
  },
  {
    // Two authors whose names, read across the boundary, say "Hopper Alan".
    id: "2112.10019",
    title: "Compiler Passes for Stack Machines",
    abstract: "Register allocation is unnecessary when every operand lives on a stack.",
    authors: ["Grace Hopper", "Alan Turing"],
    categories: ["cs.PL"],
    published: "2021-12-01",
  },
  {
    // A long abstract with "statute" in its middle: the passage must be cut around it.
    id: "2401.10020",
    title: "Text Segmentation for Legal Documents",
    abstract: LONG_LEGAL_ABSTRACT,
    authors: ["Oliver Wendell Holmes"],
    categories: ["cs.CL"],
    published: "2024-01-20",
  },
  {
    // "sunflower" in the title only, and a long abstract: its opening is the passage.
    id: "2205.10021",
    title: "Sunflower Phyllotaxis Revisited",
    abstract: LONG_SPIRAL_ABSTRACT,
    authors: ["Alan Turing"],
    categories: ["q-bio.TO"],
    published: "2022-05-05",
  },
  // Nine surveys across categories, years and code links, for paging and sorting.
  ...[
    ["2101.10022", "A Survey of Recommender Systems", ["cs.IR"], "2021-01-05", "rec/survey"],
    ["2102.10023", "A Survey of Optical Flow", ["cs.CV"], "2021-02-05", null],
    ["2203.10024", "A Survey of Knot Invariants", ["math.GT"], "2022-03-05", null],
    ["2204.10025", "A Survey of Exoplanet Atmospheres", ["astro-ph.EP"], "2022-04-05", "sky/atmos"],
    ["2310.10026", "A Survey of Program Synthesis", ["cs.PL", "cs.LG"], "2023-10-05", null],
    ["2311.10027", "A Survey of Dark Matter Detectors", ["hep-ex"], "2023-11-05", null],
    ["2406.10028", "A Survey of Speech Recognition", ["eess.AS", "cs.CL"], "2024-06-05", "voice/asr"],
    ["2407.10029", "A Survey of Soil Microbiomes", ["q-bio.PE"], "2024-07-05", null],
    ["2408.10030", "A Survey of Auction Design", ["econ.TH"], "2024-08-05", null],
  ].map(([id, title, categories, published, repo], i): PaperRecord => {
    const record: PaperRecord = {
      id: id as string,
      title: title as string,
      // Different lengths give every survey a different score for "survey".
      abstract: `We review ${"prior ".repeat(4 * (i + 1))}work on the topic of this survey.`,
      authors: [`Reviewer Number${i + 1}`],
      categories: categories as string[],
      published: published as string,
    };
    if (repo !== null) record.github_repo = repo as string;
    return record;
  }),
];

/** These tests are about the keyword index: no embedder is built beside it. */
const KEYWORD_ONLY = { PAPERBOY_EMBEDDER: "off" };

const dayOf = (record: PaperRecord) => record.published.slice(0, 10);
const idsWhere = (predicate: (record: PaperRecord) => boolean) =>
  CORPUS.filter(predicate)
    .map((record) => record.id)
    .sort();
const byId = (id: string) => CORPUS.find((record) => record.id === id)!;

async function createCorpusApp() {
  const t = await createTestApp({ empty: true, env: KEYWORD_ONLY });
  const summary = await t.app.importer.importLines(toSourceLines(CORPUS.map((record) => JSON.stringify(record))));
  assert.equal(summary.inserted, CORPUS.length, JSON.stringify(summary));
  return t;
}

interface SearchOptions {
  sort?: KeywordSort;
  offset?: number;
  limit?: number;
  prefix?: boolean;
}

function searcher(keyword: KeywordIndex) {
  const run = (q: string, options: SearchOptions = {}) => {
    const query = parseSearchQuery(q);
    assert.equal(query.error, null, `${q}: ${query.error}`);
    return keyword.search({
      query,
      sort: options.sort ?? "relevance",
      offset: options.offset ?? 0,
      limit: options.limit ?? 100,
      prefixLast: options.prefix ?? false,
    });
  };
  /** Paper ids in result order. */
  const ranked = async (q: string, options: SearchOptions = {}) => (await run(q, options)).hits.map((h) => h.paperId);
  /** Paper ids as a sorted set, for searches whose order is not the point. */
  const found = async (q: string, options: SearchOptions = {}) => (await ranked(q, options)).sort();
  return { run, ranked, found };
}

const joined = (segments: readonly TextSegment[]) => segments.map((s) => s.text).join("");
const matchedTexts = (segments: readonly TextSegment[]) => segments.filter((s) => s.match).map((s) => s.text);

describe("SQLite keyword index: words", () => {
  let search: ReturnType<typeof searcher>;
  before(async () => {
    search = searcher((await createCorpusApp()).app.storage.keywordIndex);
  });

  it("stems words: models finds a paper that says Model", async () => {
    assert.deepEqual(await search.found("models"), ["2303.10013"]);
    assert.deepEqual(await search.found("modeled"), ["2303.10013"]);
  });

  it("folds case and diacritics in searched words", async () => {
    assert.deepEqual(await search.found("KELP"), ["2208.10005"]);
    assert.deepEqual(await search.found("ångström"), ["2307.10017", "2308.10018"]);
  });

  it("ranks a title match above a paper that has the word only in its abstract, even twice", async () => {
    // Both papers are about as long; the second says "protein" twice, in its abstract only.
    assert.deepEqual(await search.ranked("protein"), ["2305.10001", "2306.10002"]);
  });

  it("needs every word, in any order and column; a phrase needs them next to each other, in order", async () => {
    assert.deepEqual(await search.found("neural network"), ["2403.10003", "2403.10004"]);
    assert.deepEqual(await search.found('"neural network"'), ["2403.10003"]);
    assert.deepEqual(await search.found('"network neural"'), []);
    assert.deepEqual(await search.found("kelp mangrove"), [], "no paper has both");
  });

  it("finds either word with OR", async () => {
    assert.deepEqual(await search.found("kelp OR mangrove"), ["2208.10005", "2209.10006"]);
    assert.deepEqual(await search.found("kelp OR mangrove restoration"), ["2209.10006"]);
  });

  it("drops papers with an excluded word or phrase", async () => {
    assert.deepEqual(await search.found("reef"), ["2301.10007", "2302.10008"]);
    assert.deepEqual(await search.found("reef -coral"), ["2302.10008"]);
    assert.deepEqual(await search.found("reef NOT coral"), ["2302.10008"]);
    assert.deepEqual(await search.found('reef -"fish census"'), ["2301.10007"]);
    assert.deepEqual(await search.found('reef -"census fish"'), ["2301.10007", "2302.10008"], "a phrase, not words");
  });

  it("searches author names as words", async () => {
    assert.deepEqual(await search.found("cousteau"), ["2302.10008"]);
  });

  it("matches the last word as a prefix only when asked, and only from three letters", async () => {
    assert.deepEqual(await search.found("quantu"), []);
    assert.deepEqual(await search.found("quantu", { prefix: true }), ["2402.10010", "2404.10009"]);
    assert.deepEqual(await search.found("quantum gra", { prefix: true }), ["2404.10009"], "only the last word");
    assert.deepEqual(await search.found("gra quantum", { prefix: true }), [], "gra is not last");
    // "qua" would find both quantum papers; "qu" and "q" must not be expanded at all.
    assert.deepEqual(await search.found("qua", { prefix: true }), ["2402.10010", "2404.10009"]);
    assert.deepEqual(await search.found("qu", { prefix: true }), []);
    assert.deepEqual(await search.found("quantum q", { prefix: true }), []);
  });
});

describe("SQLite keyword index: filters", () => {
  let search: ReturnType<typeof searcher>;
  let keyword: KeywordIndex;
  before(async () => {
    keyword = (await createCorpusApp()).app.storage.keywordIndex;
    search = searcher(keyword);
  });

  const hasCategory = (record: PaperRecord, code: string) => record.categories.includes(code);
  const inArchive = (record: PaperRecord, archive: string) =>
    record.categories.some((c) => c === archive || c.startsWith(`${archive}.`));

  it("cat: finds every paper listing the category, cross-listed ones too", async () => {
    const expected = idsWhere((r) => hasCategory(r, "cs.LG"));
    assert.ok(expected.includes("2403.10016") && byId("2403.10016").categories[0] === "stat.ML", "a cross-listing");
    assert.deepEqual(await search.found("cat:cs.LG"), expected);
    assert.deepEqual(await search.found("cat:CS.lg"), expected);
    assert.deepEqual(await search.found("cat:gr-qc"), ["2211.10012"], "a cross-listed archive without subjects");
  });

  it("cat: with an archive finds all its subjects, and not other archives sharing its letters", async () => {
    assert.deepEqual(
      await search.found("cat:cs"),
      idsWhere((r) => inArchive(r, "cs")),
    );
    assert.deepEqual(await search.found("cat:hep-th"), ["2211.10012", "2404.10009"]);
    assert.deepEqual(await search.found("cat:hep-ph"), ["2405.10011"]);
    assert.deepEqual(await search.found("cat:hep"), [], "hep is not an archive; hep-th is");
    assert.deepEqual(
      await search.found("cat:math"),
      idsWhere((r) => inArchive(r, "math")),
    );
    assert.ok(!(await search.found("cat:math")).includes("2202.10015"), "math-ph is not in math");
    assert.deepEqual(await search.found("cat:math-ph"), ["2202.10015"]);
    assert.deepEqual(
      await search.found("cat:physics"),
      idsWhere((r) => inArchive(r, "physics")),
    );
    assert.ok(idsWhere((r) => inArchive(r, "physics")).length >= 4);
  });

  it("several cat: filters mean any of them", async () => {
    assert.deepEqual(
      await search.found("cat:hep-th cat:quant-ph"),
      idsWhere((r) => inArchive(r, "hep-th") || inArchive(r, "quant-ph")),
    );
  });

  it("year: keeps papers published that year", async () => {
    const expected = idsWhere((r) => r.published.startsWith("2023"));
    assert.ok(expected.length >= 5);
    assert.deepEqual(await search.found("year:2023"), expected);
    assert.deepEqual(await search.found("year:2020"), []);
  });

  it("from: and to: with months take whole months, leap day and last second included", async () => {
    const march = idsWhere((r) => dayOf(r) >= "2024-03-01" && dayOf(r) <= "2024-03-31");
    assert.deepEqual(march, ["2403.10003", "2403.10004", "2403.10016"]);
    assert.deepEqual(await search.found("from:2024-03 to:2024-03"), march);
    assert.deepEqual(
      await search.found("from:2024-02 to:2024-04"),
      idsWhere((r) => dayOf(r) >= "2024-02-01" && dayOf(r) <= "2024-04-30"),
    );
  });

  it("from: and to: with days split the 14th from the 15th", async () => {
    assert.deepEqual(
      await search.found("from:2024-03-15"),
      idsWhere((r) => dayOf(r) >= "2024-03-15"),
    );
    assert.ok(!(await search.found("from:2024-03-15")).includes("2403.10003"), "published on the 14th");
    assert.deepEqual(await search.found("from:2024-03-14 to:2024-03-14"), ["2403.10003"]);
    assert.deepEqual(await search.found("from:2024-03-15 to:2024-03-15"), ["2403.10004"]);
    assert.deepEqual(
      await search.found("to:2024-03-14"),
      idsWhere((r) => dayOf(r) <= "2024-03-14"),
    );
    assert.deepEqual(
      await search.found("from:2024-03-15 to:2024-03-31"),
      ["2403.10004", "2403.10016"],
      "a paper at 23:59:59 on the last day is in",
    );
    assert.deepEqual(
      await search.found("from:2023-06-01 to:2024-03-14"),
      idsWhere((r) => dayOf(r) >= "2023-06-01" && dayOf(r) <= "2024-03-14"),
      "whole years and months inside, days at the ends",
    );
  });

  it("a date range spanning years still needs words to match", async () => {
    assert.deepEqual(await search.found("survey from:2022 to:2023"), [
      "2203.10024",
      "2204.10025",
      "2310.10026",
      "2311.10027",
    ]);
  });

  it("to: before arXiv began finds nothing rather than failing", async () => {
    // Every paper here is from 2021 or later. The index starts an open range at 1991.
    assert.deepEqual(await search.found("to:1990"), []);
    assert.deepEqual(await search.found("survey to:1990-06"), []);
  });

  it("a date range reaching far into the future or past costs about as much as a near one", async () => {
    // Every paper here is from 2021 to 2024, so each pair finds the same papers. The index
    // writes a range as year and month terms; a range of thousands of years must not become
    // thousands of terms (to:9999 took ~0.4 s on 300 papers, against ~2 ms for to:2100).
    const median = async (q: string) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await search.run(q);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[1]!;
    };
    const tooSlow: string[] = [];
    for (const [far, near] of [
      ["survey to:9999", "survey to:2100"],
      ["survey from:1000", "survey from:1991"],
      ["survey from:2022 to:9999-12-31", "survey from:2022 to:2100-12-31"],
    ] as const) {
      assert.deepEqual(await search.found(far), await search.found(near), far);
      const [farMs, nearMs] = [await median(far), await median(near)];
      if (farMs > 10 * Math.max(nearMs, 1))
        tooSlow.push(`${far}: ${farMs.toFixed(1)} ms, ${near}: ${nearMs.toFixed(1)} ms`);
    }
    assert.deepEqual(tooSlow, []);
  });

  it("has:code keeps papers linking a repository", async () => {
    const expected = idsWhere((r) => r.github_repo !== undefined);
    assert.equal(expected.length, 5);
    assert.deepEqual(await search.found("has:code"), expected);
    assert.deepEqual(await search.found("survey has:code"), ["2101.10022", "2204.10025", "2406.10028"]);
  });

  it("author: ignores case and diacritics, and needs the words next to each other", async () => {
    const zoe = ["2307.10017", "2308.10018"];
    assert.deepEqual(await search.found('author:"zoe angstrom"'), zoe);
    assert.deepEqual(await search.found('author:"ZOË ÅNGSTRÖM"'), zoe);
    assert.deepEqual(await search.found("author:Ångström"), zoe);
    assert.deepEqual(await search.found("author:perez"), ["2307.10017"]);
    assert.deepEqual(await search.found('author:"Ana María Pérez"'), ["2307.10017"]);
    assert.deepEqual(await search.found('author:"Ana Pérez"'), [], "not next to each other");
    assert.deepEqual(await search.found('author:"Rachel Carson"'), ["2208.10005", "2209.10006"]);
    assert.deepEqual(await search.found('author:"Rachel Carson" author:cousteau'), []);
    assert.deepEqual(await search.found('author:"Sylvia Earle" author:cousteau'), ["2302.10008"]);
  });

  it("author: matches within one author's name, not across two", async () => {
    // The paper lists "Grace Hopper" then "Alan Turing"; no author is called "Hopper Alan".
    assert.deepEqual(await search.found("author:turing"), ["2112.10019", "2205.10021"]);
    assert.deepEqual(await search.found('author:"Hopper Alan"'), []);
  });

  it("a search of filters only returns every match", async () => {
    const result = await search.run("cat:q-bio", { sort: "date" });
    const expected = idsWhere((r) => inArchive(r, "q-bio"));
    assert.deepEqual(result.hits.map((h) => h.paperId).sort(), expected);
    assert.equal(result.total, expected.length);
    assert.equal(result.totalExact, true);
  });

  it("words, filters and exclusions combine", async () => {
    assert.deepEqual(await search.found("survey cat:cs -program has:code"), ["2101.10022", "2406.10028"]);
    assert.deepEqual(await search.found("survey OR quantum year:2024 -speech"), [
      "2402.10010",
      "2404.10009",
      "2407.10029",
      "2408.10030",
    ]);
  });

  it("filterSeqs keeps the given papers passing filters and exclusions, whatever their words", async () => {
    const seqs = await keyword.seqsOf(CORPUS.map((r) => r.id));
    const all = [...seqs.values()];
    const kept = async (q: string) => {
      const ids = await keyword.paperIdsOf([...(await keyword.filterSeqs(parseSearchQuery(q), all))]);
      return [...ids.values()].sort();
    };
    // "survey" is not required here: filterSeqs is for papers found by meaning.
    assert.deepEqual(
      await kept("survey cat:cs"),
      idsWhere((r) => inArchive(r, "cs")),
    );
    assert.deepEqual(
      await kept("anything -survey cat:cs"),
      idsWhere((r) => inArchive(r, "cs") && !r.title.includes("Survey")),
    );
    assert.deepEqual(await kept("x from:2024-03-15 to:2024-04-01"), ["2403.10004", "2403.10016", "2404.10009"]);
    assert.deepEqual(await kept('x author:"zoe angstrom"'), ["2307.10017", "2308.10018"]);
    assert.deepEqual(await kept("x has:code -drone"), ["2101.10022", "2204.10025", "2305.10001", "2406.10028"]);
    assert.deepEqual(
      await kept("x -coral"),
      CORPUS.map((r) => r.id)
        .filter((id) => id !== "2301.10007")
        .sort(),
    );
    const some = [seqs.get("2305.10001")!, seqs.get("2306.10002")!];
    assert.deepEqual(
      [...(await keyword.filterSeqs(parseSearchQuery("x cat:cs.LG"), some))],
      [seqs.get("2305.10001")],
      "only among the seqs given",
    );
    assert.equal((await keyword.filterSeqs(parseSearchQuery("x"), [])).size, 0);
  });

  it("filterSeqs and the index give filters the same meaning", async () => {
    const all = [...(await keyword.seqsOf(CORPUS.map((r) => r.id))).values()];
    const filters = [
      "cat:cs.LG",
      "cat:cs",
      "cat:hep-th",
      "cat:math",
      "cat:hep",
      "year:2023",
      "from:2024-03 to:2024-03",
      "from:2024-03-15",
      "to:2024-03-14",
      "has:code",
      'author:"zoe angstrom"',
      'author:"Ana Pérez"',
    ];
    for (const filter of filters) {
      const viaIndex = await search.found(filter);
      const kept = await keyword.filterSeqs(parseSearchQuery(`x ${filter}`), all);
      const viaFilter = [...(await keyword.paperIdsOf([...kept])).values()].sort();
      assert.deepEqual(viaIndex, viaFilter, filter);
    }
  });
});

describe("SQLite keyword index: order, pages and counts", () => {
  let search: ReturnType<typeof searcher>;
  before(async () => {
    search = searcher((await createCorpusApp()).app.storage.keywordIndex);
  });

  it("sort=date is newest first, whatever the relevance", async () => {
    const surveys = CORPUS.filter((r) => r.title.startsWith("A Survey"));
    const newestFirst = [...surveys].sort((a, b) => b.published.localeCompare(a.published)).map((r) => r.id);
    const byDate = await search.ranked("survey", { sort: "date" });
    assert.deepEqual(byDate, newestFirst);
    const byRelevance = await search.ranked("survey");
    assert.deepEqual([...byRelevance].sort(), [...newestFirst].sort());
    assert.notDeepEqual(byRelevance, newestFirst, "the orders differ, so the sort did something");
  });

  it("scores are higher for better matches and come in relevance order", async () => {
    const { hits } = await search.run("survey");
    const scores = hits.map((h) => h.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    assert.ok(new Set(scores).size === scores.length, "every survey has its own length, so its own score");
    // The shortest abstract says "survey" among the fewest words: it ranks first.
    assert.equal(hits[0]!.paperId, "2101.10022");
  });

  it("pages with offset and limit, without gaps or repeats, and counts all matches", async () => {
    for (const sort of ["relevance", "date"] as const) {
      const all = await search.run("survey", { sort });
      assert.equal(all.total, 9);
      assert.equal(all.totalExact, true);
      const pages: string[] = [];
      for (let offset = 0; offset < 9; offset += 4) {
        const page = await search.run("survey", { sort, offset, limit: 4 });
        assert.equal(page.total, 9, "total is all matches, not the page");
        assert.equal(page.totalExact, true);
        assert.ok(page.hits.length <= 4);
        pages.push(...page.hits.map((h) => h.paperId));
      }
      assert.deepEqual(
        pages,
        all.hits.map((h) => h.paperId),
        sort,
      );
      const beyond = await search.run("survey", { sort, offset: 9, limit: 4 });
      assert.deepEqual(beyond.hits, []);
      assert.equal(beyond.total, 9);
    }
  });

  it("counts a filtered search", async () => {
    const result = await search.run("survey cat:cs", { limit: 1 });
    assert.equal(result.hits.length, 1);
    assert.equal(result.total, 4);
    const dated = await search.run("from:2024-03-15", { limit: 2 });
    assert.equal(dated.hits.length, 2);
    assert.equal(dated.total, idsWhere((r) => dayOf(r) >= "2024-03-15").length);
  });

  it("finds nothing without error for words no paper has", async () => {
    const result = await search.run("xylophone");
    assert.deepEqual(result, { hits: [], total: 0, totalExact: true });
  });
});

describe("SQLite keyword index: counting many matches", () => {
  it("counts every match when relevance scores them all, and stops at COUNT_LIMIT (a lower bound) otherwise", async () => {
    const t = await createTestApp({ empty: true, env: KEYWORD_ONLY });
    const count = COUNT_LIMIT + 50;
    const lines = Array.from({ length: count }, (_, i) =>
      JSON.stringify({
        id: `2501.${String(i + 1).padStart(5, "0")}`,
        // The 50 papers past the limit also say "extra": without them, exactly COUNT_LIMIT match.
        title: `Filler paper ${i % 2 === 0 ? "even" : "odd"}${i >= COUNT_LIMIT ? " extra" : ""}`,
        categories: ["cs.LG"],
        published: "2025-01-02",
      }),
    );
    assert.equal((await t.app.importer.importLines(toSourceLines(lines))).inserted, count);
    const search = searcher(t.app.storage.keywordIndex);
    // Ranked by relevance, every match is scored in one pass that also counts them all.
    const many = await search.run("filler", { limit: 5 });
    assert.equal(many.hits.length, 5);
    assert.deepEqual([many.total, many.totalExact], [count, true]);
    // In date order only the first page is read from the index, and counting stops at the limit.
    const byDate = await search.run("filler", { limit: 5, sort: "date" });
    assert.deepEqual([byDate.hits.length, byDate.total, byDate.totalExact], [5, COUNT_LIMIT, false]);
    const filtered = await search.run("cat:cs.LG year:2025", { limit: 5, sort: "date" });
    assert.deepEqual([filtered.total, filtered.totalExact], [COUNT_LIMIT, false]);
    const half = await search.run("filler even", { limit: 5 });
    assert.deepEqual([half.total, half.totalExact], [count / 2, true]);
    const atLimit = await search.run("filler -extra", { limit: 1 });
    assert.deepEqual([atLimit.total, atLimit.totalExact], [COUNT_LIMIT, true], "exactly COUNT_LIMIT is exact");
  });
});

describe("SQLite keyword index: highlights", () => {
  let keyword: KeywordIndex;
  let seqOf: Map<string, number>;
  before(async () => {
    keyword = (await createCorpusApp()).app.storage.keywordIndex;
    seqOf = await keyword.seqsOf(CORPUS.map((r) => r.id));
  });
  const highlight = async (q: string, id: string, prefix = false) => {
    const seq = seqOf.get(id)!;
    return (await keyword.highlight(parseSearchQuery(q), [seq], prefix)).get(seq);
  };

  it("marks the matched words in the title, stemmed, and the segments give the title back", async () => {
    const marked = await highlight("models", "2303.10013");
    assert.ok(marked);
    assert.equal(joined(marked.title), byId("2303.10013").title);
    assert.deepEqual(matchedTexts(marked.title), ["Model"]);
  });

  it("marks prefix matches when the last word is a prefix", async () => {
    const marked = await highlight("quantum gra", "2404.10009", true);
    assert.ok(marked);
    assert.deepEqual(matchedTexts(marked.title), ["Quantum", "Gravity"]);
    assert.deepEqual(matchedTexts(marked.abstract), ["gravity"]);
  });

  it("shows the abstract passage around a match, cut with …", async () => {
    const marked = await highlight("statute", "2401.10020");
    assert.ok(marked);
    assert.deepEqual(matchedTexts(marked.title), [], "the title does not say it");
    assert.equal(joined(marked.title), byId("2401.10020").title);
    assert.deepEqual(matchedTexts(marked.abstract), ["statute"]);
    const passage = joined(marked.abstract);
    assert.ok(passage.length < LONG_LEGAL_ABSTRACT.length, "a passage, not the whole abstract");
    assert.ok(passage.includes("…"), passage);
    for (const part of passage.split("…").filter((p) => p.trim() !== "")) {
      assert.ok(LONG_LEGAL_ABSTRACT.includes(part.trim()), `"${part}" is abstract text`);
    }
  });

  it("shows the opening of the abstract when only the title matches", async () => {
    const marked = await highlight("sunflower", "2205.10021");
    assert.ok(marked);
    assert.deepEqual(matchedTexts(marked.title), ["Sunflower"]);
    assert.deepEqual(matchedTexts(marked.abstract), []);
    const passage = joined(marked.abstract);
    assert.ok(passage.startsWith("Seed heads arrange their florets"), passage);
    assert.ok(passage.endsWith("…"), "the long abstract was cut");
    assert.ok(LONG_SPIRAL_ABSTRACT.startsWith(passage.slice(0, -1).trim()));
  });

  it("marks words joined by OR and ignores excluded ones", async () => {
    const marked = await highlight("kelp OR carbon -mangrove", "2208.10005");
    assert.ok(marked);
    assert.deepEqual(matchedTexts(marked.title), ["Kelp", "Carbon"]);
    assert.deepEqual(matchedTexts(marked.abstract), ["carbon"]);
  });

  it("leaves out papers matching no searched word, and searches of filters only", async () => {
    const seq = seqOf.get("2208.10005")!;
    assert.equal((await keyword.highlight(parseSearchQuery("mangrove"), [seq], false)).size, 0);
    assert.equal((await keyword.highlight(parseSearchQuery("cat:q-bio"), [seq], false)).size, 0);
    const both = await keyword.highlight(
      parseSearchQuery("kelp OR mangrove"),
      [seqOf.get("2208.10005")!, seqOf.get("2209.10006")!, seqOf.get("2301.10007")!],
      false,
    );
    assert.deepEqual(
      [...both.keys()].sort((a, b) => a - b),
      [seqOf.get("2208.10005"), seqOf.get("2209.10006")],
    );
  });
});

describe("SQLite keyword index: highlights of text holding the marker characters", () => {
  it("gives the text back whole and marks only real matches", async () => {
    // highlight-segments.ts marks matches with U+E000 and U+E001; a paper may contain them too.
    const t = await createTestApp({ empty: true, env: KEYWORD_ONLY });
    const record = {
      id: "2401.30001",
      title: "Private \uE000use\uE001 areas in a title",
      abstract: "An abstract with \uE000 and \uE001 around a word, and the word private.",
      authors: ["Una Code"],
      categories: ["cs.CL"],
      published: "2024-01-01",
    };
    await t.app.importer.importLines(toSourceLines([JSON.stringify(record)]));
    assert.equal((await t.app.papers.findPaper(record.id))?.title, record.title, "stored as imported");
    const keyword = t.app.storage.keywordIndex;
    const seq = (await keyword.seqsOf([record.id])).get(record.id)!;
    const marked = (await keyword.highlight(parseSearchQuery("private"), [seq], false)).get(seq);
    assert.ok(marked);
    assert.equal(joined(marked.title), record.title, "segments join to the title");
    assert.ok(
      matchedTexts(marked.title).every((text) => text.toLowerCase() === "private"),
      `only "private" is marked: ${JSON.stringify(marked.title)}`,
    );
    assert.ok(
      matchedTexts(marked.abstract).every((text) => text.toLowerCase() === "private"),
      `only "private" is marked: ${JSON.stringify(marked.abstract)}`,
    );
  });
});

describe("SQLite keyword index: paper ids and seqs", () => {
  it("maps ids to seqs and back; unknown ones are absent", async () => {
    const keyword = (await createCorpusApp()).app.storage.keywordIndex;
    const ids = CORPUS.map((r) => r.id);
    const seqs = await keyword.seqsOf([...ids, "9999.99999"]);
    assert.equal(seqs.size, CORPUS.length);
    assert.equal(seqs.has("9999.99999"), false);
    assert.equal(new Set(seqs.values()).size, CORPUS.length, "one seq per paper");
    const back = await keyword.paperIdsOf([...seqs.values(), 987_654]);
    assert.equal(back.size, CORPUS.length);
    for (const [id, seq] of seqs) assert.equal(back.get(seq), id);
    assert.equal((await keyword.seqsOf([])).size, 0);
    assert.equal((await keyword.paperIdsOf([])).size, 0);
    // A search hit's seq and paper id agree with these maps.
    const { hits } = await keyword.search({
      query: parseSearchQuery("survey"),
      sort: "relevance",
      offset: 0,
      limit: 100,
      prefixLast: false,
    });
    for (const hit of hits) assert.equal(seqs.get(hit.paperId), hit.seq);
  });
});

describe("SQLite keyword index: follows updates", () => {
  let t: Awaited<ReturnType<typeof createCorpusApp>>;
  let search: ReturnType<typeof searcher>;
  let source: EmbeddingSource;
  before(async () => {
    t = await createCorpusApp();
    search = searcher(t.app.storage.keywordIndex);
    source = t.app.storage.embeddingSource;
  });
  const reimport = async (record: PaperRecord) => t.app.importer.importLines(toSourceLines([JSON.stringify(record)]));

  it("a newer title replaces the old words, and the change is logged for re-embedding", async () => {
    const kelp = byId("2208.10005");
    const seq = (await t.app.storage.keywordIndex.seqsOf([kelp.id])).get(kelp.id)!;
    assert.deepEqual(await search.found("kelp"), [kelp.id]);
    const before = await source.latestChangeId();
    const summary = await reimport({ ...kelp, title: "Seagrass Meadow Carbon Uptake", updated: "2022-10-01" });
    assert.equal(summary.updated, 1);
    assert.deepEqual(await search.found("kelp"), []);
    assert.deepEqual(await search.found("seagrass"), [kelp.id]);
    assert.deepEqual(await search.found("carbon uptake"), [kelp.id], "unchanged words still find it");
    assert.ok((await source.latestChangeId()) > before);
    const changes = await source.changesAfter(before, 10);
    assert.deepEqual(
      changes.map((c) => ({ seq: c.seq, text: c.text })),
      [{ seq, text: { seq, title: "Seagrass Meadow Carbon Uptake", abstract: kelp.abstract } }],
    );
    assert.equal(changes[0]!.changeId, await source.latestChangeId());
  });

  it("a new abstract is logged too", async () => {
    const mangrove = byId("2209.10006");
    const before = await source.latestChangeId();
    await reimport({ ...mangrove, abstract: "Saltmarsh plots recover faster.", updated: "2022-10-02" });
    assert.deepEqual(await search.found("saltmarsh"), [mangrove.id]);
    assert.deepEqual(await search.found("tidal flooding"), []);
    const changes = await source.changesAfter(before, 10);
    assert.equal(changes.length, 1);
    assert.equal(changes[0]!.text?.abstract, "Saltmarsh plots recover faster.");
  });

  it("new categories, date and code link move the paper between filters without a text change", async () => {
    const reef = byId("2301.10007");
    assert.ok((await search.found("cat:physics.ao-ph")).includes(reef.id));
    const before = await source.latestChangeId();
    await reimport({
      ...reef,
      categories: ["cs.CV"],
      published: "2023-02-20",
      updated: "2023-03-01",
      github_repo: "reef/forecast",
    });
    assert.ok(!(await search.found("cat:physics.ao-ph")).includes(reef.id));
    assert.ok((await search.found("cat:cs.CV coral")).includes(reef.id));
    assert.deepEqual(await search.found("coral year:2023 from:2023-02-15 to:2023-02-25"), [reef.id]);
    assert.deepEqual(await search.found("coral has:code"), [reef.id]);
    assert.deepEqual(await search.found("coral from:2023-01 to:2023-01"), []);
    // Logged for the keyword lists (built before this change), not for the semantic index.
    assert.ok((await source.latestChangeId()) > before, "the change is logged");
    assert.deepEqual(await source.changesAfter(before, 10), [], "nothing to re-embed: same title and abstract");
  });

  it("an update of upvotes alone leaves the index and the change log alone", async () => {
    const fish = byId("2302.10008");
    const before = await source.latestChangeId();
    const summary = await reimport({ ...fish, upvotes: 17 });
    assert.equal(summary.updated, 1, "same updated, different content: a correction");
    assert.equal((await t.app.papers.findPaper(fish.id))?.upvotes, 17, "the update happened");
    assert.equal(await source.latestChangeId(), before);
    assert.deepEqual(await source.changesAfter(before, 10), []);
    assert.deepEqual(await search.found("fish census"), [fish.id]);
  });

  it("a newer date alone is stored without a text change, and an older record changes nothing", async () => {
    const ice = byId("2308.10018");
    const before = await source.latestChangeId();
    assert.equal((await reimport({ ...ice, updated: "2023-09-01" })).updated, 1);
    assert.equal(await source.latestChangeId(), before, "same text: nothing to re-embed");
    const summary = await reimport({ ...ice, title: "Stale Title", updated: "2023-08-20" });
    assert.equal(summary.unchanged, 1);
    assert.deepEqual(await search.found("stale"), []);
    assert.deepEqual(await search.found("crevasses"), [ice.id]);
    assert.equal(await source.latestChangeId(), before);
  });
});

describe("SQLite embedding source", () => {
  let source: EmbeddingSource;
  let seqOf: Map<string, number>;
  before(async () => {
    const t = await createCorpusApp();
    source = t.app.storage.embeddingSource;
    seqOf = await t.app.storage.keywordIndex.seqsOf(CORPUS.map((r) => r.id));
  });

  it("lists papers after a seq, ascending, in pages that together give every paper once", async () => {
    assert.equal(await source.countPapers(), CORPUS.length);
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const page = await source.papersAfter(after, 7);
      if (page.length === 0) break;
      assert.ok(page.length <= 7);
      seen.push(...page.map((p) => p.seq));
      after = page.at(-1)!.seq;
    }
    assert.deepEqual(
      seen,
      [...seqOf.values()].sort((a, b) => a - b),
    );
    const first = (await source.papersAfter(0, 1))[0]!;
    const record = CORPUS.find((r) => seqOf.get(r.id) === first.seq)!;
    assert.deepEqual(first, { seq: first.seq, title: record.title, abstract: record.abstract });
    assert.deepEqual(await source.papersAfter(Math.max(...seqOf.values()), 10), []);
  });

  it("has no changes before any text changed", async () => {
    assert.equal(await source.latestChangeId(), 0);
    assert.deepEqual(await source.changesAfter(0, 10), []);
  });

  it("samples papers spread evenly over the whole collection, the same every time", async () => {
    const seqs = [...seqOf.values()].sort((a, b) => a - b);
    const first = seqs[0]!;
    const last = seqs.at(-1)!;
    for (const limit of [1, 5, 10, 16, 20, 29]) {
      const sample = await source.samplePapers(limit);
      assert.deepEqual(await source.samplePapers(limit), sample, `deterministic (limit ${limit})`);
      assert.equal(sample.length, limit, `limit ${limit}`);
      const sampled = sample.map((p) => p.seq);
      assert.deepEqual(
        sampled,
        [...new Set(sampled)].sort((a, b) => a - b),
        "distinct, in seq order",
      );
      // Evenly spread: no stretch of the collection longer than two strides goes unsampled,
      // at the start, between samples or at the end.
      const stride = (last - first + 1) / limit;
      const edges = [first - 1, ...sampled, last + 1];
      for (let i = 1; i < edges.length; i++) {
        assert.ok(
          edges[i]! - edges[i - 1]! <= 2 * stride + 1,
          `limit ${limit}: gap from ${edges[i - 1]} to ${edges[i]} in seqs ${first}..${last}: ${sampled.join(",")}`,
        );
      }
      for (const paper of sample) {
        const record = CORPUS.find((r) => seqOf.get(r.id) === paper.seq)!;
        assert.equal(paper.title, record.title);
      }
    }
    assert.equal((await source.samplePapers(CORPUS.length + 10)).length, CORPUS.length);
    assert.deepEqual(await source.samplePapers(0), []);
  });
});
