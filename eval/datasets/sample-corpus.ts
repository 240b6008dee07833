// The bundled sample (sample-data/papers.jsonl.gz, 14,711 real papers) as an evaluation
// corpus: every paper is indexed with its title, abstract and authors; a hub imports the
// records unchanged.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { EvalCorpus, EvalDocument } from "../eval-types.js";

export const SAMPLE_PAPERS_FILE = fileURLToPath(new URL("../../sample-data/papers.jsonl.gz", import.meta.url));

export interface SamplePaper extends EvalDocument {
  /** The record as the file holds it (import format). */
  readonly record: Readonly<Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readPaper(line: string, lineNumber: number): SamplePaper {
  const value: unknown = JSON.parse(line);
  if (!isRecord(value) || typeof value.id !== "string" || typeof value.title !== "string") {
    throw new Error(`sample line ${lineNumber}: expected an object with a string id and title`);
  }
  const authors = Array.isArray(value.authors) ? value.authors.filter((a): a is string => typeof a === "string") : [];
  return {
    id: value.id,
    title: value.title,
    abstract: typeof value.abstract === "string" ? value.abstract : "",
    authors,
    record: value,
  };
}

export function loadSamplePapers(file: string = SAMPLE_PAPERS_FILE): SamplePaper[] {
  const text = gunzipSync(readFileSync(file)).toString("utf8");
  return text
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, number }) => readPaper(line, number));
}

/** The sample's ids are arXiv ids already, so hub paper ids map to themselves. */
export function createSampleCorpus(papers: readonly SamplePaper[]): EvalCorpus {
  const ids = new Set(papers.map((paper) => paper.id));
  return {
    name: "sample",
    documents: papers,
    importRecords: () => papers.map((paper) => paper.record),
    toDocumentId: (paperId) => (ids.has(paperId) ? paperId : null),
  };
}
