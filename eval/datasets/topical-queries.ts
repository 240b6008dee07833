// Short topical queries ("speculative decoding", "virtual try-on") over the bundled sample,
// each with graded judgements of sample papers: 2 = clearly about it, 1 = partly about it.
// How they were pooled and judged: eval/datasets/README.md.
import { fileURLToPath } from "node:url";
import type { Judgements } from "../../src/core/search/relevance-metrics.js";
import type { EvalCorpus, EvalDataset } from "../eval-types.js";
import { isJsonObject, readQueryEntries, readString } from "./read-json-queries.js";

export const TOPICAL_QUERIES_FILE = fileURLToPath(new URL("./topical-queries.json", import.meta.url));
/** Topics have up to ~100 relevant papers; 200 results let MAP see nearly all that a system finds. */
const TOPICAL_RUN_DEPTH = 200;
const GRADES = new Set([1, 2]);

export interface TopicalQuery {
  readonly id: string;
  readonly query: string;
  readonly judgements: Judgements;
}

function readJudgements(value: unknown, where: string): Judgements {
  if (!isJsonObject(value)) throw new Error(`${where}: "judgements" must be an object of paper id → grade`);
  return new Map(
    Object.entries(value).map(([paperId, grade]) => {
      if (typeof grade !== "number" || !GRADES.has(grade))
        throw new Error(`${where}: grade of ${paperId} must be 1 or 2`);
      return [paperId, grade];
    }),
  );
}

export function readTopicalQueries(file: string = TOPICAL_QUERIES_FILE): TopicalQuery[] {
  return readQueryEntries(file).map((entry, index) => {
    const where = `${file}: queries[${index}]`;
    return {
      id: readString(entry, "id", where),
      query: readString(entry, "query", where),
      judgements: readJudgements(entry.judgements, where),
    };
  });
}

export function loadTopicalQueries(corpus: EvalCorpus, file: string = TOPICAL_QUERIES_FILE): EvalDataset {
  const queries = readTopicalQueries(file);
  return {
    name: "topical",
    description: `${queries.length} short topical queries with graded judgements (2 = about it, 1 = partly); nDCG uses graded gains`,
    corpus,
    queries: queries.map((query) => ({ id: query.id, text: query.query })),
    qrels: new Map(queries.map((query) => [query.id, query.judgements])),
    runDepth: TOPICAL_RUN_DEPTH,
    gain: "graded",
  };
}
