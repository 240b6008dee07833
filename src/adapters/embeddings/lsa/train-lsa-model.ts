import { computeIdf, countTerms, weighTermFrequency, type LsaModel } from "./lsa-model.js";
import { createLsaTokenizer } from "./lsa-tokenizer.js";
import { computeTruncatedSvd } from "./randomized-svd.js";
import { createSeededRandom } from "./seeded-random.js";
import type { CsrMatrix } from "./sparse-matrix.js";

/**
 * Trains an LSA model on a corpus of paper texts ("title\nabstract"): counts terms, keeps the most common ones as the
 * vocabulary, builds the sublinear tf-idf document-term matrix with unit-length rows, and factorizes it with a
 * randomized truncated SVD. Deterministic for a given corpus order and seed.
 */

export interface LsaTrainingOptions {
  readonly dimensions?: number;
  readonly maxVocabulary?: number;
  /** Terms in fewer documents than this are left out: typos and one-off names only add noise and size. */
  readonly minDocumentFrequency?: number;
  readonly oversampling?: number;
  readonly powerIterations?: number;
  readonly seed?: number;
  readonly titleWeight?: number;
  readonly singularValueExponent?: number;
  readonly now?: () => Date;
  readonly onProgress?: (progress: LsaTrainingProgress) => void;
}

export interface LsaTrainingProgress {
  readonly phase: "counting" | "factorizing";
  readonly done: number;
  /** Known while factorizing (steps); unknown while counting a stream. */
  readonly total: number | null;
}

export const LSA_TRAINING_DEFAULTS = {
  dimensions: 256,
  maxVocabulary: 50_000,
  minDocumentFrequency: 3,
  // Text spectra decay slowly, so the top directions need generous oversampling and a few power iterations.
  oversampling: 16,
  powerIterations: 2,
  seed: 1,
  titleWeight: 2,
  singularValueExponent: 0,
} as const;

const COUNTING_PROGRESS_EVERY_DOCUMENTS = 1000;

export async function trainLsaModel(
  texts: AsyncIterable<string> | Iterable<string>,
  options: LsaTrainingOptions = {},
): Promise<LsaModel> {
  const settings = { ...LSA_TRAINING_DEFAULTS, ...withoutUndefined(options) };
  const counted = await countCorpus(texts, settings.titleWeight, options.onProgress);
  if (counted.documentCount === 0) throw new Error("cannot train an LSA model on an empty corpus");
  const vocabulary = selectVocabulary(counted, settings.minDocumentFrequency, settings.maxVocabulary);
  if (vocabulary.terms.length === 0) {
    throw new Error(`no term occurs in ${settings.minDocumentFrequency} or more of the ${counted.documentCount} texts`);
  }
  const idf = Float32Array.from(vocabulary.termIds, (id) =>
    computeIdf(counted.documentFrequency[id]!, counted.documentCount),
  );
  const matrix = buildTfIdfMatrix(counted, vocabulary.columnOfTermId, idf);
  const svd = await computeTruncatedSvd(matrix, settings.dimensions, {
    oversampling: settings.oversampling,
    powerIterations: settings.powerIterations,
    random: createSeededRandom(settings.seed),
    onStep: (done, total) => options.onProgress?.({ phase: "factorizing", done, total }),
  });
  return {
    dimensions: settings.dimensions,
    vocabulary: vocabulary.terms,
    idf,
    projection: scaleProjection(svd.rightVectors, svd.singularValues, settings.singularValueExponent),
    metadata: {
      documents: counted.documentCount,
      createdAt: (options.now?.() ?? new Date()).toISOString(),
      titleWeight: settings.titleWeight,
      singularValueExponent: settings.singularValueExponent,
      seed: settings.seed,
      singularValues: Array.from(svd.singularValues.subarray(0, 16), (value) => Number(value.toPrecision(6))),
    },
  };
}

/** Every document's (term id, count) pairs, stored flat, with each term's document frequency. */
interface CountedCorpus {
  readonly termIdOf: Map<string, number>;
  readonly documentFrequency: number[];
  documentCount: number;
  termIds: Uint32Array;
  counts: Float32Array;
  entryCount: number;
  readonly documentEnds: number[];
}

async function countCorpus(
  texts: AsyncIterable<string> | Iterable<string>,
  titleWeight: number,
  onProgress: LsaTrainingOptions["onProgress"],
): Promise<CountedCorpus> {
  const tokenize = createLsaTokenizer();
  const corpus: CountedCorpus = {
    termIdOf: new Map(),
    documentFrequency: [],
    documentCount: 0,
    termIds: new Uint32Array(1 << 16),
    counts: new Float32Array(1 << 16),
    entryCount: 0,
    documentEnds: [],
  };
  for await (const text of texts) {
    const counts = countTerms(tokenize, text, titleWeight);
    ensureEntryCapacity(corpus, corpus.entryCount + counts.size);
    for (const [term, count] of counts) {
      let id = corpus.termIdOf.get(term);
      if (id === undefined) {
        id = corpus.documentFrequency.push(0) - 1;
        corpus.termIdOf.set(term, id);
      }
      corpus.documentFrequency[id]!++;
      corpus.termIds[corpus.entryCount] = id;
      corpus.counts[corpus.entryCount++] = count;
    }
    corpus.documentEnds.push(corpus.entryCount);
    if (++corpus.documentCount % COUNTING_PROGRESS_EVERY_DOCUMENTS === 0) {
      onProgress?.({ phase: "counting", done: corpus.documentCount, total: null });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return corpus;
}

function ensureEntryCapacity(corpus: CountedCorpus, needed: number): void {
  if (needed <= corpus.termIds.length) return;
  const capacity = Math.max(needed, corpus.termIds.length * 2);
  const termIds = new Uint32Array(capacity);
  termIds.set(corpus.termIds.subarray(0, corpus.entryCount));
  const counts = new Float32Array(capacity);
  counts.set(corpus.counts.subarray(0, corpus.entryCount));
  corpus.termIds = termIds;
  corpus.counts = counts;
}

interface Vocabulary {
  readonly terms: string[];
  /** Corpus term id of each column. */
  readonly termIds: number[];
  /** Column of each corpus term id, -1 when the term is not in the vocabulary. */
  readonly columnOfTermId: Int32Array;
}

/** The most frequent terms (by document frequency, ties by term) that reach the minimum frequency. */
function selectVocabulary(corpus: CountedCorpus, minDocumentFrequency: number, maxVocabulary: number): Vocabulary {
  const candidates = [...corpus.termIdOf].filter(([, id]) => corpus.documentFrequency[id]! >= minDocumentFrequency);
  candidates.sort(
    ([termA, idA], [termB, idB]) =>
      corpus.documentFrequency[idB]! - corpus.documentFrequency[idA]! || (termA < termB ? -1 : termA > termB ? 1 : 0),
  );
  const chosen = candidates.slice(0, maxVocabulary);
  const columnOfTermId = new Int32Array(corpus.documentFrequency.length).fill(-1);
  chosen.forEach(([, id], column) => (columnOfTermId[id] = column));
  return { terms: chosen.map(([term]) => term), termIds: chosen.map(([, id]) => id), columnOfTermId };
}

/** Documents × vocabulary, sublinear tf times idf, each row scaled to unit length so long abstracts do not dominate. */
function buildTfIdfMatrix(corpus: CountedCorpus, columnOfTermId: Int32Array, idf: Float32Array): CsrMatrix {
  const rowStart = new Float64Array(corpus.documentCount + 1);
  const columns = new Uint32Array(corpus.entryCount);
  const values = new Float32Array(corpus.entryCount);
  let nonZeros = 0;
  let entry = 0;
  for (let row = 0; row < corpus.documentCount; row++) {
    const rowBegin = nonZeros;
    let squaredNorm = 0;
    for (const end = corpus.documentEnds[row]!; entry < end; entry++) {
      const column = columnOfTermId[corpus.termIds[entry]!]!;
      if (column < 0) continue;
      const weight = weighTermFrequency(corpus.counts[entry]!) * idf[column]!;
      columns[nonZeros] = column;
      values[nonZeros++] = weight;
      squaredNorm += weight * weight;
    }
    const scale = squaredNorm > 0 ? 1 / Math.sqrt(squaredNorm) : 0;
    for (let p = rowBegin; p < nonZeros; p++) values[p]! *= scale;
    rowStart[row + 1] = nonZeros;
  }
  return {
    rowCount: corpus.documentCount,
    columnCount: idf.length,
    rowStart,
    columns: columns.subarray(0, nonZeros),
    values: values.subarray(0, nonZeros),
  };
}

/** V·Σ^-exponent as Float32; directions with a zero singular value stay zero. */
function scaleProjection(rightVectors: Float64Array, singularValues: Float64Array, exponent: number): Float32Array {
  const rank = singularValues.length;
  const projection = new Float32Array(rightVectors.length);
  const scales = Array.from(singularValues, (value) => (value > 0 ? value ** -exponent : 0));
  for (let i = 0; i < rightVectors.length; i++) projection[i] = rightVectors[i]! * scales[i % rank]!;
  return projection;
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
