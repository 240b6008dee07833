import { startWorker } from "../../../../lib/start-worker.js";
import type { ImpactListBuildSummary } from "./sqlite-impact-lists.js";
import type { ImpactListWorkerData, ImpactListWorkerMessage } from "./impact-list-worker.js";

/** Builds the impact lists of the database file in a worker thread. */
export function buildImpactListsInWorker(
  data: ImpactListWorkerData,
  onProgress?: (done: number, total: number) => void,
): Promise<ImpactListBuildSummary> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, "impact-list-worker", data);
    let settled = false;
    worker.on("message", (message: ImpactListWorkerMessage) => {
      if (message.type === "progress") onProgress?.(message.done, message.total);
      else if (message.type === "done") {
        settled = true;
        resolve(message.summary);
      } else {
        settled = true;
        reject(new Error(`building search lists failed: ${message.message}`));
      }
    });
    worker.on("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`the search-list worker stopped (exit code ${code}) before finishing`));
    });
  });
}
