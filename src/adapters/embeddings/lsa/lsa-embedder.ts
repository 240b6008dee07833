import { createHash } from "node:crypto";
import type { Embedder } from "../../../core/search/ports.js";
import { createLsaTokenizer } from "./lsa-tokenizer.js";
import { countTerms, weighTermFrequency, type LsaModel } from "./lsa-model.js";

/** Hex digits of the model fingerprint in the embedder id: enough to tell two trainings apart. */
const MODEL_FINGERPRINT_HEX_DIGITS = 12;

/**
 * An embedder over a trained LSA model. Documents are "title\nabstract" (the title line counts
 * `metadata.titleWeight` times); queries are counted plainly. A text with no term of the vocabulary gets the zero
 * vector: it is similar to nothing, and the vector index leaves it out.
 */
export function createLsaEmbedder(model: LsaModel): Embedder {
  const columnOf = new Map(model.vocabulary.map((term, column) => [term, column]));
  const tokenize = createLsaTokenizer();
  const embed = (text: string, titleWeight: number) => {
    const counts = countTerms(tokenize, text, titleWeight);
    return projectTermCounts(model, columnOf, counts);
  };
  return {
    id: `lsa-${model.dimensions}-${fingerprintLsaModel(model)}`,
    dimensions: model.dimensions,
    embedDocuments: async (texts) => texts.map((text) => embed(text, model.metadata.titleWeight)),
    embedQuery: async (text) => embed(text, 1),
  };
}

/** The leading hex digits of a SHA-256 over everything that shapes the vectors (not the creation time). */
export function fingerprintLsaModel(model: LsaModel): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([model.dimensions, model.metadata.titleWeight, model.vocabulary]));
  hash.update(new Uint8Array(model.idf.buffer, model.idf.byteOffset, model.idf.byteLength));
  hash.update(new Uint8Array(model.projection.buffer, model.projection.byteOffset, model.projection.byteLength));
  return hash.digest("hex").slice(0, MODEL_FINGERPRINT_HEX_DIGITS);
}

function projectTermCounts(model: LsaModel, columnOf: Map<string, number>, counts: Map<string, number>): Float32Array {
  const dimensions = model.dimensions;
  const sum = new Float64Array(dimensions);
  for (const [term, count] of counts) {
    const column = columnOf.get(term);
    if (column === undefined) continue;
    const weight = weighTermFrequency(count) * model.idf[column]!;
    const base = column * dimensions;
    for (let t = 0; t < dimensions; t++) sum[t]! += weight * model.projection[base + t]!;
  }
  let squaredNorm = 0;
  for (const value of sum) squaredNorm += value * value;
  const vector = new Float32Array(dimensions);
  if (squaredNorm === 0) return vector;
  const scale = 1 / Math.sqrt(squaredNorm);
  for (let t = 0; t < dimensions; t++) vector[t] = sum[t]! * scale;
  return vector;
}
