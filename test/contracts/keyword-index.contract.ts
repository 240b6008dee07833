import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KeywordIndex } from "../../src/core/search/ports.js";
import { parseSearchQuery } from "../../src/core/search/parse-search-query.js";
import { type OpenStorage, paperRecord as record, useStorage } from "./contract-storage.js";

/** Four small papers with words, phrases, authors, categories, years and code links to tell apart. */
const RAW: Record<string, unknown>[] = [
  {
    id: "2401.00001",
    title: "Sparse attention for long documents",
    abstract: "We make attention sparse so transformers read long documents. Graph methods help.",
    authors: ["Ada Lovelace", "Alan Turing"],
    categories: ["cs.CL", "cs.LG"],
    published: "2024-01-10",
    github_repo: "ada/sparse",
  },
  {
    id: "2402.00002",
    title: "Graph neural networks for molecules",
    abstract: "Message passing over molecular graphs predicts properties. Attention is not used.",
    authors: ["Grace Hopper"],
    categories: ["cs.LG"],
    published: "2024-02-20",
  },
  {
    id: "2306.00003",
    title: "Attention in quantum chemistry",
    abstract: "Quantum states of molecules, learned with attention layers.",
    authors: ["Alan Turing", "Emmy Noether"],
    categories: ["quant-ph"],
    published: "2023-06-05",
    github_repo: "noether/qc",
  },
  {
    id: "2105.00004",
    title: "Reinforcement learning without rewards",
    abstract: "Agents learn long horizon behaviour from documents of demonstrations.",
    authors: ["Ada Lovelace"],
    categories: ["cs.AI"],
    published: "2021-05-01",
  },
];
const PAPERS = RAW.map((raw) => record(raw));

async function ids(index: KeywordIndex, q: string, sort: "relevance" | "date" = "relevance") {
  const result = await index.search({ query: parseSearchQuery(q), sort, offset: 0, limit: 10, prefixLast: false });
  return { ids: result.hits.map((hit) => hit.paperId), total: result.total, exact: result.totalExact };
}

/** KeywordIndex and EmbeddingSource: the same answers from the SQLite index and the PostgreSQL mirror. */
export function describeKeywordIndexContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: keyword index`, () => {
    it("finds words, phrases, prefixes and ORs, with exact counts, best match first", async (t) => {
      const { papers, keywordIndex } = await useStorage(t, open);
      await papers.importPapers(PAPERS);
      const attention = await ids(keywordIndex, "attention");
      assert.deepEqual(new Set(attention.ids), new Set(["2401.00001", "2402.00002", "2306.00003"]));
      assert.equal(attention.total, 3);
      assert.equal(attention.exact, true);
      assert.equal(attention.ids[2], "2402.00002", "a title match ranks above an abstract-only one");
      assert.deepEqual((await ids(keywordIndex, "attention molecules")).ids.sort(), ["2306.00003", "2402.00002"]);
      assert.deepEqual((await ids(keywordIndex, '"long documents"')).ids, ["2401.00001"]);
      assert.deepEqual((await ids(keywordIndex, '"documents long"')).ids, []);
      assert.deepEqual((await ids(keywordIndex, "rewards OR quantum")).ids.sort(), ["2105.00004", "2306.00003"]);
      assert.deepEqual((await ids(keywordIndex, "nothingmatchesthis")).total, 0);
      // Porter stemming: "molecule" finds "molecules" and "molecular".
      assert.deepEqual((await ids(keywordIndex, "molecule")).ids.sort(), ["2306.00003", "2402.00002"]);
      const prefixed = await keywordIndex.search({
        query: parseSearchQuery("reinforc"),
        sort: "relevance",
        offset: 0,
        limit: 10,
        prefixLast: true,
      });
      assert.deepEqual(
        prefixed.hits.map((hit) => hit.paperId),
        ["2105.00004"],
      );
    });

    it("applies filters and exclusions, sorts by date and pages", async (t) => {
      const { papers, keywordIndex } = await useStorage(t, open);
      await papers.importPapers(PAPERS);
      assert.deepEqual((await ids(keywordIndex, "attention -graph")).ids, ["2306.00003"]);
      assert.deepEqual((await ids(keywordIndex, "attention cat:cs.LG")).ids.sort(), ["2401.00001", "2402.00002"]);
      assert.deepEqual((await ids(keywordIndex, "attention has:code year:2023")).ids, ["2306.00003"]);
      assert.deepEqual((await ids(keywordIndex, 'long author:"Ada Lovelace"')).ids.sort(), [
        "2105.00004",
        "2401.00001",
      ]);
      assert.deepEqual((await ids(keywordIndex, "attention from:2024-02")).ids, ["2402.00002"]);
      assert.deepEqual((await ids(keywordIndex, "attention", "date")).ids, ["2402.00002", "2401.00001", "2306.00003"]);
      const page = await keywordIndex.search({
        query: parseSearchQuery("attention"),
        sort: "date",
        offset: 1,
        limit: 1,
        prefixLast: false,
      });
      assert.deepEqual(
        page.hits.map((hit) => hit.paperId),
        ["2401.00001"],
      );
      assert.equal(page.total, 3);
    });

    it("counts facets, highlights matches, and maps ids to seqs and back", async (t) => {
      const { papers, keywordIndex } = await useStorage(t, open);
      await papers.importPapers(PAPERS);
      const facets = await keywordIndex.facets(parseSearchQuery("attention"), false);
      assert.deepEqual(facets.categories, [
        { value: "cs.CL", count: 1 },
        { value: "cs.LG", count: 1 },
        { value: "quant-ph", count: 1 },
      ]);
      assert.deepEqual(facets.years, [
        { value: "2023", count: 1 },
        { value: "2024", count: 2 },
      ]);
      const seqs = await keywordIndex.seqsOf(["2401.00001", "2105.00004", "9999.99999"]);
      assert.deepEqual([...seqs.keys()].sort(), ["2105.00004", "2401.00001"]);
      const [sparse, rl] = [seqs.get("2401.00001")!, seqs.get("2105.00004")!];
      assert.notEqual(sparse, rl);
      assert.deepEqual(
        await keywordIndex.paperIdsOf([sparse, rl, 987_654]),
        new Map([
          [sparse, "2401.00001"],
          [rl, "2105.00004"],
        ]),
      );
      const marked = await keywordIndex.highlight(parseSearchQuery("sparse"), [sparse, rl], false);
      assert.deepEqual([...marked.keys()], [sparse], "a paper matching no word has no highlight");
      const title = marked.get(sparse)!.title;
      assert.deepEqual(
        title.filter((s) => s.match).map((s) => s.text),
        ["Sparse"],
      );
      assert.equal(title.map((s) => s.text).join(""), "Sparse attention for long documents");
      const kept = await keywordIndex.filterSeqs(parseSearchQuery("learning -rewards cat:cs"), [sparse, rl, 987_654]);
      assert.deepEqual([...kept], [sparse]);
    });

    it("follows imports that change a paper's text, and gives the embedding source its texts and changes", async (t) => {
      const { papers, keywordIndex, embeddingSource } = await useStorage(t, open);
      await papers.importPapers(PAPERS.slice(0, 2));
      assert.equal(await embeddingSource.countPapers(), 2);
      const first = await embeddingSource.papersAfter(0, 10);
      assert.deepEqual(
        first.map((p) => p.title),
        ["Sparse attention for long documents", "Graph neural networks for molecules"],
      );
      assert.ok(first[0]!.seq < first[1]!.seq);
      assert.deepEqual(await embeddingSource.papersAfter(first[0]!.seq, 10), [first[1]]);
      const before = await embeddingSource.latestChangeId();

      await papers.importPapers([
        record({ ...RAW[1], id: "2402.00002v2", title: "Graph transformers", updated: "2026-06-05" }),
        PAPERS[2]!,
      ]);
      assert.deepEqual((await ids(keywordIndex, '"graph transformers"')).ids, ["2402.00002"]);
      assert.equal((await ids(keywordIndex, "neural")).total, 0, "the old title is gone from the index");
      assert.deepEqual((await ids(keywordIndex, "quantum")).ids, ["2306.00003"]);
      const changes = await embeddingSource.changesAfter(before, 10);
      assert.deepEqual(
        changes.map((c) => [c.seq, c.text?.title]),
        [[first[1]!.seq, "Graph transformers"]],
      );
      assert.ok(changes[0]!.changeId > before);
      assert.equal(await embeddingSource.latestChangeId(), changes[0]!.changeId);
      assert.equal(await embeddingSource.countPapers(), 3);
      assert.equal((await embeddingSource.samplePapers(10)).length, 3);
      assert.deepEqual(
        (await embeddingSource.samplePapers(2)).map((p) => p.title),
        ["Sparse attention for long documents", "Attention in quantum chemistry"],
        "evenly spread: the first and the last paper",
      );
    });

    it("reports accelerators stale only once enough papers exist, and rebuilds them", async (t) => {
      const { papers, keywordIndex } = await useStorage(t, open);
      await papers.importPapers(PAPERS);
      assert.equal(await keywordIndex.acceleratorsStale(), false, "four papers need no lists");
      const built = await keywordIndex.rebuildAccelerators();
      assert.ok(built.lists >= 0 && built.seconds >= 0);
      assert.deepEqual((await ids(keywordIndex, "attention")).total, 3);
    });
  });
}
