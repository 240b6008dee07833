import { existsSync } from "node:fs";
import type { EmbeddingSource } from "../../../core/search/ports.js";
import { composeEmbeddingText } from "../../../core/search/semantic-indexer.js";
import { loadLsaModel, saveLsaModel } from "./lsa-model-file.js";
import type { LsaModel } from "./lsa-model.js";
import { trainLsaModel, type LsaTrainingOptions } from "./train-lsa-model.js";

/**
 * The hub's LSA model: the saved one, or one trained now on a random sample of the hub's papers and saved.
 * Training again (another sample, another model id) makes the semantic indexer rebuild, so it happens only when the
 * file is missing — deleting the file is how an operator asks for a model of a grown corpus.
 */
export interface LoadOrTrainLsaModelOptions {
  readonly file: string;
  readonly source: EmbeddingSource;
  /** Papers sampled for training: 100k trains in about a minute, and more adds little to the model. */
  readonly sampleSize?: number;
  readonly training?: LsaTrainingOptions;
}

export const DEFAULT_LSA_SAMPLE_SIZE = 100_000;

export async function loadOrTrainLsaModel(options: LoadOrTrainLsaModelOptions): Promise<LsaModel> {
  if (existsSync(options.file)) return loadLsaModel(options.file);
  const papers = await options.source.samplePapers(options.sampleSize ?? DEFAULT_LSA_SAMPLE_SIZE);
  // The sample comes back in random order; sorting by seq makes training on the same sample reproducible.
  papers.sort((a, b) => a.seq - b.seq);
  const model = await trainLsaModel(papers.map(composeEmbeddingText), options.training);
  await saveLsaModel(options.file, model);
  return model;
}
