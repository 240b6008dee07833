import { startWorker } from "../../lib/start-worker.js";
import type { DecodedBatch } from "../../core/papers/import-service.js";
import type { ImportFileOptions, ImportFormat, ReadProgress } from "../../core/papers/ports.js";

/** What the decoding worker is started with. */
export interface DecodeWorkerData {
  readonly path: string;
  readonly observedDay: string;
  readonly format: ImportFormat;
}

export type WorkerMessage =
  | { type: "batch"; batch: DecodedBatch; bytesRead: number; totalBytes: number }
  | { type: "done" }
  | { type: "error"; message: string; code: string | null };

/**
 * Decoded batches of a JSONL(.gz) file in `options.format`, produced by a worker thread. Errors of the file
 * (missing, truncated gzip) surface as a rejected iteration with the original `code`.
 */
export async function* decodeJsonlInWorker(
  path: string,
  observedDay: string,
  progress: ReadProgress = { bytesRead: 0, totalBytes: 0 },
  options: ImportFileOptions = {},
): AsyncIterable<DecodedBatch> {
  const workerData: DecodeWorkerData = { path, observedDay, format: options.format ?? "paperboy" };
  const worker = startWorker(import.meta.url, "jsonl-decode-worker", workerData);
  const queue: WorkerMessage[] = [];
  let notify: (() => void) | null = null;
  let crashed: Error | null = null;
  worker.on("message", (m: WorkerMessage) => {
    queue.push(m);
    notify?.();
  });
  worker.on("error", (e) => {
    crashed = e;
    notify?.();
  });
  try {
    for (;;) {
      while (queue.length === 0 && !crashed) await new Promise<void>((resolve) => (notify = resolve));
      if (crashed) throw crashed;
      const message = queue.shift()!;
      if (message.type === "done") return;
      if (message.type === "error") throw Object.assign(new Error(message.message), { code: message.code });
      progress.bytesRead = message.bytesRead;
      progress.totalBytes = message.totalBytes;
      yield message.batch;
      worker.postMessage("ack");
    }
  } finally {
    await worker.terminate();
  }
}
