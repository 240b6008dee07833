import type { LsaTokenizer } from "./lsa-tokenizer.js";

/**
 * A trained LSA model: what turns a text into a vector. A text's terms are weighted by sublinear tf-idf, and the
 * weighted term vector is multiplied by `projection` (vocabulary × dimensions).
 */
export interface LsaModel {
  readonly dimensions: number;
  /** Term of each row of `projection` and entry of `idf`. */
  readonly vocabulary: readonly string[];
  readonly idf: Float32Array;
  /** vocabulary.length × dimensions, row-major. */
  readonly projection: Float32Array;
  readonly metadata: LsaModelMetadata;
}

export interface LsaModelMetadata {
  /** Documents the model was trained on. */
  readonly documents: number;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  /** How often a document's first line (its title) is counted: titles say what a paper is about. */
  readonly titleWeight: number;
  /** Projection = V·Σ^-exponent: 0 keeps singular-value scaling, 1 weights every latent direction equally. */
  readonly singularValueExponent: number;
  readonly seed: number;
  /** The largest singular values (for inspection). */
  readonly singularValues: readonly number[];
}

/**
 * Term counts of a text. With `titleWeight` > 1 and a newline in the text, the terms of the first line (the title)
 * count that many times; a query has no title line, so it is counted plainly.
 */
export function countTerms(tokenize: LsaTokenizer, text: string, titleWeight: number): Map<string, number> {
  const counts = new Map<string, number>();
  const newline = text.indexOf("\n");
  const add = (part: string, weight: number) => {
    for (const term of tokenize(part)) counts.set(term, (counts.get(term) ?? 0) + weight);
  };
  if (newline >= 0 && titleWeight !== 1) {
    add(text.slice(0, newline), titleWeight);
    add(text.slice(newline + 1), 1);
  } else {
    add(text, 1);
  }
  return counts;
}

/** Sublinear term frequency: the tenth occurrence of a word says less than the first. */
export function weighTermFrequency(count: number): number {
  return 1 + Math.log(count);
}

/** Smoothed inverse document frequency, as scikit-learn's TfidfVectorizer(smooth_idf=True). */
export function computeIdf(documentFrequency: number, documents: number): number {
  return Math.log((1 + documents) / (1 + documentFrequency)) + 1;
}
