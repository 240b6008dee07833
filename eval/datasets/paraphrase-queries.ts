// Paraphrase-style queries: each describes one target paper of the bundled sample in other
// words, as a reader who half remembers it would type it. Relevant = the target (and any
// exact duplicate of it). How targets were chosen and queries written: eval/datasets/README.md.
import { fileURLToPath } from "node:url";
import type { EvalCorpus, EvalDataset } from "../eval-types.js";
import { readQueryEntries, readString } from "./read-json-queries.js";

export const PARAPHRASE_QUERIES_FILE = fileURLToPath(new URL("./paraphrase-queries.json", import.meta.url));
const PARAPHRASE_RUN_DEPTH = 100;

export interface ParaphraseQuery {
  readonly id: string;
  readonly query: string;
  /** The target paper first, then exact duplicates of it. */
  readonly relevant: readonly string[];
}

export function readParaphraseQueries(file: string = PARAPHRASE_QUERIES_FILE): ParaphraseQuery[] {
  return readQueryEntries(file).map((entry, index) => {
    const where = `${file}: queries[${index}]`;
    const relevant = entry.relevant;
    if (!Array.isArray(relevant) || relevant.length === 0 || !relevant.every((id) => typeof id === "string")) {
      throw new Error(`${where}: "relevant" must be a non-empty array of paper ids`);
    }
    return { id: readString(entry, "id", where), query: readString(entry, "query", where), relevant };
  });
}

export function loadParaphraseQueries(corpus: EvalCorpus, file: string = PARAPHRASE_QUERIES_FILE): EvalDataset {
  const queries = readParaphraseQueries(file);
  return {
    name: "paraphrase",
    description: `${queries.length} paraphrase-style descriptions of one target paper each`,
    corpus,
    queries: queries.map((query) => ({ id: query.id, text: query.query })),
    qrels: new Map(queries.map((query) => [query.id, new Map(query.relevant.map((id) => [id, 1]))])),
    runDepth: PARAPHRASE_RUN_DEPTH,
    gain: "binary",
  };
}
