// Known-item search by title: a reader pastes a paper's title, exactly as written (LaTeX,
// punctuation and capitals included), and expects that paper first. 1,000 papers of the
// bundled sample are drawn with a fixed seed; a second variant types the same titles
// lower-cased without punctuation.
import type { Qrels } from "../../src/core/search/relevance-metrics.js";
import type { EvalCorpus, EvalDataset, EvalQuery } from "../eval-types.js";
import type { SamplePaper } from "./sample-corpus.js";
import { seededShuffle } from "./seeded-random.js";

export const KNOWN_ITEM_SEED = "paperboy-known-item-titles-v1";
export const KNOWN_ITEM_COUNT = 1000;
/** Known-item scores only need the target in the top results; 100 keeps MAP (= reciprocal rank) exact enough. */
const KNOWN_ITEM_RUN_DEPTH = 100;

/** The sampled papers, in sampling order. */
export function sampleKnownItemPapers(papers: readonly SamplePaper[], count = KNOWN_ITEM_COUNT): SamplePaper[] {
  return seededShuffle(papers, KNOWN_ITEM_SEED, (paper) => paper.id).slice(0, count);
}

/** "Attention Is All You Need!" → "attention is all you need": letters and digits, single spaces. */
export function plainTitle(title: string): string {
  return (
    title
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).join(" ");
}

/**
 * Papers whose title is the same as the target's (after `plainTitle`) are relevant too: a
 * reader typing that title cannot mean one of them more than the other.
 */
function buildQrels(targets: readonly SamplePaper[], papers: readonly SamplePaper[]): Qrels {
  const byTitle = new Map<string, string[]>();
  for (const paper of papers) {
    const key = plainTitle(paper.title);
    byTitle.set(key, [...(byTitle.get(key) ?? []), paper.id]);
  }
  return new Map(
    targets.map((target) => {
      const sameTitle = byTitle.get(plainTitle(target.title)) ?? [target.id];
      return [target.id, new Map(sameTitle.map((id) => [id, 1]))];
    }),
  );
}

function buildDataset(
  name: string,
  description: string,
  corpus: EvalCorpus,
  papers: readonly SamplePaper[],
  toQuery: (paper: SamplePaper) => EvalQuery,
): EvalDataset {
  const targets = sampleKnownItemPapers(papers);
  return {
    name,
    description,
    corpus,
    queries: targets.map(toQuery),
    qrels: buildQrels(targets, papers),
    runDepth: KNOWN_ITEM_RUN_DEPTH,
    gain: "binary",
  };
}

/** Query = the title exactly as the sample holds it; relevant = that paper (and exact-title twins). */
export function loadKnownItemTitles(corpus: EvalCorpus, papers: readonly SamplePaper[]): EvalDataset {
  return buildDataset(
    "titles",
    `title → paper known-item: ${KNOWN_ITEM_COUNT} sampled papers, query = the raw title (seed "${KNOWN_ITEM_SEED}")`,
    corpus,
    papers,
    (paper) => ({ id: paper.id, text: paper.title }),
  );
}

/** The same targets, typed lower-case without punctuation or LaTeX symbols. */
export function loadKnownItemPlainTitles(corpus: EvalCorpus, papers: readonly SamplePaper[]): EvalDataset {
  return buildDataset(
    "titles-plain",
    "title → paper known-item, the same targets typed lower-case without punctuation",
    corpus,
    papers,
    (paper) => ({ id: paper.id, text: plainTitle(paper.title) }),
  );
}
