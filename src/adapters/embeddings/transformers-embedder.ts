import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Embedder } from "../../core/search/ports.js";

/**
 * An embedder running a sentence-embedding model (MiniLM, bge, gte, e5, nomic…) in this process with
 * transformers.js and onnxruntime-node. The library is imported only when such an embedder is created, so the default
 * installation (LSA) never loads onnxruntime.
 *
 * Offline (the default), `modelPath` is the folder holding the model, laid out as on the Hugging Face Hub for
 * transformers.js: config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx (or
 * onnx/model_quantized.onnx with dtype "q8"). With `allowRemote`, `modelId` names a Hub model and `modelPath` is the
 * folder it is downloaded to (as `<modelPath>/<modelId>/…`) and looked up in first.
 * @see https://huggingface.co/docs/transformers.js/custom_usage#use-custom-models
 */

export interface TransformersEmbedderOptions {
  readonly modelPath: string;
  readonly allowRemote?: boolean;
  readonly modelId?: string;
  readonly pooling: "mean" | "cls";
  /** Vectors are always unit length: the index compares them by cosine. */
  readonly normalize: true;
  readonly dtype?: "fp32" | "q8";
  /** Texts per forward pass: padding makes every text in a batch as long as the longest. */
  readonly batchSize?: number;
  readonly queryPrefix?: string;
  readonly documentPrefix?: string;
}

const DEFAULT_BATCH_SIZE = 16;
const ONNX_FILE_OF_DTYPE = { fp32: "onnx/model.onnx", q8: "onnx/model_quantized.onnx" } as const;
const MODEL_FINGERPRINT_HEX_DIGITS = 12;

export class ModelFolderError extends Error {
  constructor(folder: string, missing: string[], expected: string[]) {
    super(
      `model folder ${folder} is missing ${missing.join(", ")}; a transformers.js feature-extraction model folder ` +
        `holds ${expected.join(", ")} (download them once, e.g. from huggingface.co/<model>/tree/main)`,
    );
    this.name = "ModelFolderError";
  }
}

export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const dtype = options.dtype ?? "fp32";
  const allowRemote = options.allowRemote ?? false;
  if (allowRemote && !options.modelId) throw new Error("allowRemote needs modelId, the Hugging Face model to fetch");
  const folder = resolve(allowRemote ? join(options.modelPath, options.modelId!) : options.modelPath);
  const expected = ["config.json", "tokenizer.json", "tokenizer_config.json", ONNX_FILE_OF_DTYPE[dtype]];
  const missing = expected.filter((file) => !existsSync(join(folder, file)));
  if (missing.length > 0 && !allowRemote) throw new ModelFolderError(folder, missing, expected);

  const { env, pipeline } = await import("@huggingface/transformers");
  // transformers.js keeps these settings globally: an application creates one such embedder.
  env.allowRemoteModels = allowRemote;
  env.allowLocalModels = true;
  env.localModelPath = allowRemote ? resolve(options.modelPath) : dirname(folder);
  if (allowRemote) env.cacheDir = resolve(options.modelPath);
  const modelName = allowRemote ? options.modelId! : basename(folder);
  const extractor = await pipeline("feature-extraction", modelName, { dtype });

  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const embed = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = texts.slice(start, start + batchSize);
      const output = await extractor(batch, { pooling: options.pooling, normalize: true });
      const width = output.dims[1]!;
      const data = output.data as Float32Array;
      for (let i = 0; i < batch.length; i++) vectors.push(data.slice(i * width, (i + 1) * width));
    }
    return vectors;
  };
  const [probe] = await embed(["dimension probe"]);
  const fingerprint = await fingerprintFiles([join(folder, ONNX_FILE_OF_DTYPE[dtype]), join(folder, "tokenizer.json")]);
  return {
    id: `transformers:${options.modelId ?? basename(folder)}:${options.pooling}:${dtype}:${fingerprint}`,
    dimensions: probe!.length,
    embedDocuments: (texts) => embed(texts.map((text) => (options.documentPrefix ?? "") + text)),
    embedQuery: async (text) => (await embed([(options.queryPrefix ?? "") + text]))[0]!,
  };
}

/** SHA-256 over the weights and the tokenizer: other weights in the same folder make another embedder id. */
async function fingerprintFiles(files: string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const file of files) for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex").slice(0, MODEL_FINGERPRINT_HEX_DIGITS);
}
