// CISI (eval/cisi/) as an evaluation dataset. A hub stores papers under arXiv ids, so CISI
// document N is imported as the synthetic id 0801.NNNN (0801.0001 … 0801.1460) and mapped
// back when results come out.
import type { EvalCorpus, EvalDataset } from "../eval-types.js";
import { loadCisiDataset, type CisiDataset } from "../cisi-dataset.js";

/** CISI has 1,460 documents: MAP needs most of the ranking. */
const CISI_RUN_DEPTH = 1000;
/** January 2008 ids have four-digit sequence numbers, room for all 1,460 documents. */
const SYNTHETIC_ID_PREFIX = "0801.";
/** A fixed date inside the synthetic ids' month (the import format requires one). */
const SYNTHETIC_PUBLISHED = "2008-01-15";

export function toSyntheticArxivId(cisiId: string): string {
  return `${SYNTHETIC_ID_PREFIX}${cisiId.padStart(4, "0")}`;
}

export function fromSyntheticArxivId(paperId: string): string | null {
  const match = /^0801\.(\d{4})$/.exec(paperId);
  return match?.[1] ? String(Number(match[1])) : null;
}

export function createCisiCorpus(cisi: Pick<CisiDataset, "documents">): EvalCorpus {
  const ids = new Set(cisi.documents.map((doc) => doc.id));
  return {
    name: "cisi",
    documents: cisi.documents,
    importRecords: () =>
      cisi.documents.map((doc) => ({
        id: toSyntheticArxivId(doc.id),
        title: doc.title,
        abstract: doc.abstract,
        authors: doc.authors,
        published: SYNTHETIC_PUBLISHED,
      })),
    toDocumentId: (paperId) => {
      const id = fromSyntheticArxivId(paperId);
      return id !== null && ids.has(id) ? id : null;
    },
  };
}

export function loadCisiEvalDataset(cisi: CisiDataset = loadCisiDataset()): EvalDataset {
  return {
    name: "cisi",
    description: `CISI: ${cisi.documents.length} documents, ${cisi.queries.length} prose queries, binary judgements`,
    corpus: createCisiCorpus(cisi),
    queries: cisi.queries,
    qrels: cisi.qrels,
    runDepth: CISI_RUN_DEPTH,
    gain: "binary",
  };
}
