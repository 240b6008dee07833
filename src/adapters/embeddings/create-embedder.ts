import { join } from "node:path";
import type { SearchConfig } from "../../config.js";
import type { Embedder, EmbeddingSource } from "../../core/search/ports.js";
import { createHttpEmbedder } from "./http-embedder.js";
import { createLsaEmbedder } from "./lsa/lsa-embedder.js";
import { loadLsaModel } from "./lsa/lsa-model-file.js";
import { loadOrTrainLsaModel } from "./lsa/load-or-train-lsa-model.js";
import { createTransformersEmbedder } from "./transformers-embedder.js";

/** LSA is trained once the hub has this many papers; until then search by meaning waits. */
export const MIN_PAPERS_FOR_LSA = 50;

/** Where search-by-meaning files live inside the data folder. */
export function semanticDirectory(dataDir: string): string {
  return join(dataDir, "search");
}

export function lsaModelFile(directory: string): string {
  return join(directory, "lsa.model");
}

/**
 * The configured embedder. For LSA, `train` decides whether a missing model is trained now
 * (a batch job: seconds to a minute) or the embedder is simply not available yet (null).
 */
export async function createConfiguredEmbedder(
  config: SearchConfig,
  directory: string,
  source: EmbeddingSource,
  train: boolean,
): Promise<Embedder | null> {
  switch (config.embedder) {
    case "off":
      return null;
    case "lsa": {
      const file = lsaModelFile(directory);
      if (!train) {
        try {
          return createLsaEmbedder(await loadLsaModel(file));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
          throw error;
        }
      }
      // A model needs words shared by several papers; below this there is nothing to learn yet.
      if ((await source.countPapers()) < MIN_PAPERS_FOR_LSA) return null;
      return createLsaEmbedder(await loadOrTrainLsaModel({ file, source }));
    }
    case "http": {
      const embedder = createHttpEmbedder({
        url: config.embeddingsUrl ?? "",
        model: config.embeddingsModel ?? "",
        ...(config.embeddingsApiKey === null ? {} : { apiKey: config.embeddingsApiKey }),
      });
      await embedder.probe();
      return embedder;
    }
    case "transformers":
      return createTransformersEmbedder({
        modelPath: config.transformersModelPath ?? directory,
        allowRemote: config.transformersAllowRemote,
        ...(config.transformersModelId === null ? {} : { modelId: config.transformersModelId }),
        pooling: "mean",
        normalize: true,
      });
  }
}

/** A file-name-safe form of an embedder id, so that each embedder keeps its own vectors. */
export function vectorFileStem(embedderId: string): string {
  return `vectors-${embedderId.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 120)}`;
}
