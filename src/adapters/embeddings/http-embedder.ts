import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Embedder } from "../../core/search/ports.js";

/**
 * An embedder that asks an OpenAI-compatible embeddings endpoint (`POST {url}/v1/embeddings`), as served by
 * Ollama, Hugging Face TEI, vLLM, llama.cpp and OpenAI itself.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 *
 * The dimensions are the configured ones or, when none are configured, those of the first answer: reading
 * `dimensions` before any answer throws, so call `probe()` once at startup (it embeds one short text).
 */

export interface HttpEmbedderOptions {
  /** The server's base URL, without /v1/embeddings. */
  readonly url: string;
  readonly model: string;
  readonly apiKey?: string;
  readonly dimensions?: number;
  readonly batchSize?: number;
  /** Per request, reading the body included. */
  readonly timeoutMs?: number;
  /** Further attempts after a timeout, a dropped connection, a 429 or a 5xx. */
  readonly retries?: number;
  /** First pause between attempts, doubled after each; a server's Retry-After replaces it. */
  readonly retryDelayMs?: number;
  /** Longest pause a Retry-After may ask for; a longer one is cut to this. */
  readonly maxRetryDelayMs?: number;
  /** Text put before queries and before documents, for models trained with them (e5: "query: ", "passage: "). */
  readonly queryPrefix?: string;
  readonly documentPrefix?: string;
  readonly fetch?: typeof fetch;
}

export interface HttpEmbedder extends Embedder {
  /** Embeds a short text to learn the dimensions; returns them. */
  probe(): Promise<number>;
}

export class EmbeddingServiceError extends Error {
  constructor(
    message: string,
    readonly isRetryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = "EmbeddingServiceError";
  }
}

interface RequestSettings {
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

const DEFAULT_BATCH_SIZE = 64;
/** Generous: a CPU-only server embedding 64 abstracts with a large model can take tens of seconds. */
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 500;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;

const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative().optional(), embedding: z.array(z.number()) })),
});

export function createHttpEmbedder(options: HttpEmbedderOptions): HttpEmbedder {
  const settings: RequestSettings = {
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retries: options.retries ?? DEFAULT_RETRIES,
    retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
    maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
  };
  const endpoint = `${options.url.replace(/\/+$/, "")}/v1/embeddings`;
  let dimensions = options.dimensions ?? null;

  const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
    const vectors = await requestWithRetries(endpoint, options, settings, texts);
    dimensions ??= vectors[0]?.length ?? null;
    return vectors.map((vector) => {
      if (vector.length !== dimensions) {
        throw new EmbeddingServiceError(
          `${endpoint} (model ${options.model}) returned ${vector.length}-dimensional vectors, expected ${dimensions}`,
          false,
        );
      }
      return normalize(vector);
    });
  };

  const embedDocuments = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += settings.batchSize) {
      const batch = texts.slice(start, start + settings.batchSize);
      vectors.push(...(await embedBatch(batch.map((text) => (options.documentPrefix ?? "") + text))));
    }
    return vectors;
  };

  return {
    id: `http:${options.model}@${new URL(options.url).host}`,
    get dimensions(): number {
      if (dimensions === null) throw new Error(`dimensions of ${options.model} at ${endpoint} unknown: call probe()`);
      return dimensions;
    },
    embedDocuments,
    embedQuery: async (text) => (await embedBatch([(options.queryPrefix ?? "") + text]))[0]!,
    probe: async () => {
      await embedBatch(["dimension probe"]);
      return dimensions!;
    },
  };
}

async function requestWithRetries(
  endpoint: string,
  options: HttpEmbedderOptions,
  settings: RequestSettings,
  texts: string[],
): Promise<Float32Array[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce(endpoint, options, settings.timeoutMs, texts);
    } catch (error) {
      const failure = asServiceError(error, endpoint, settings.timeoutMs);
      if (!failure.isRetryable || attempt >= settings.retries) throw failure;
      const backoff = settings.retryDelayMs * 2 ** attempt;
      const retryAfter = error instanceof RetryAfterError ? error.delayMs : null;
      await sleep(Math.min(retryAfter ?? backoff, settings.maxRetryDelayMs));
    }
  }
}

/** A retryable answer (429, 5xx) with the delay the server asked for, if any. */
class RetryAfterError extends EmbeddingServiceError {
  constructor(
    message: string,
    status: number,
    readonly delayMs: number | null,
  ) {
    super(message, true, status);
  }
}

async function requestOnce(
  endpoint: string,
  options: HttpEmbedderOptions,
  timeoutMs: number,
  texts: string[],
): Promise<Float32Array[]> {
  const signal = AbortSignal.timeout(timeoutMs); // also aborts reading the body
  const response = await (options.fetch ?? fetch)(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    },
    body: JSON.stringify({ model: options.model, input: texts }),
    signal,
  });
  const body = await response.text();
  const where = `${endpoint} (model ${options.model})`;
  if (response.status === 429 || response.status >= 500) {
    const delay = parseRetryAfter(response.headers.get("retry-after"));
    throw new RetryAfterError(`${where} answered ${response.status}: ${describeError(body)}`, response.status, delay);
  }
  if (!response.ok) {
    throw new EmbeddingServiceError(
      `${where} answered ${response.status}: ${describeError(body)}`,
      false,
      response.status,
    );
  }
  return parseEmbeddings(body, texts.length, where);
}

function parseEmbeddings(body: string, expected: number, where: string): Float32Array[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new EmbeddingServiceError(`${where} answered with malformed JSON: ${body.slice(0, 200)}`, false);
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) throw new EmbeddingServiceError(`${where} answered without a data[].embedding list`, false);
  const items = parsed.data.data;
  if (items.length !== expected) {
    throw new EmbeddingServiceError(`${where} returned ${items.length} embeddings for ${expected} texts`, false);
  }
  const vectors: Float32Array[] = new Array(expected);
  items.forEach((item, position) => {
    const index = item.index ?? position;
    if (index >= expected || vectors[index]) {
      throw new EmbeddingServiceError(`${where} returned embedding index ${index} twice or out of range`, false);
    }
    vectors[index] = Float32Array.from(item.embedding);
  });
  return vectors;
}

/** The error message of an OpenAI-style ({error: {message}}), Ollama/TEI-style ({error: "..."}) or plain body. */
function describeError(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown };
    const error = json.error as { message?: unknown } | string | undefined;
    const message = typeof error === "string" ? error : (error?.message ?? json.message);
    if (typeof message === "string") return message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 200) || "(empty body)";
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function asServiceError(error: unknown, endpoint: string, timeoutMs: number): EmbeddingServiceError {
  if (error instanceof EmbeddingServiceError) return error;
  const name = (error as { name?: string }).name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new EmbeddingServiceError(`${endpoint} did not answer within ${timeoutMs} ms`, true);
  }
  // fetch rejects with a TypeError for refused connections and bodies cut short.
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return new EmbeddingServiceError(
    `${endpoint} failed: ${(error as Error).message}${cause ? ` (${cause})` : ""}`,
    true,
  );
}

function normalize(vector: Float32Array): Float32Array {
  let squaredNorm = 0;
  for (const value of vector) squaredNorm += value * value;
  if (squaredNorm === 0) return vector;
  const scale = 1 / Math.sqrt(squaredNorm);
  return vector.map((value) => value * scale);
}
