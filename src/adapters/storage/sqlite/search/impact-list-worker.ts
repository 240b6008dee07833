import { parentPort, workerData } from "node:worker_threads";
import { openSqliteDatabase } from "../sqlite-database.js";
import { type ImpactListBuildOptions, buildImpactLists } from "./sqlite-impact-lists.js";

/** Builds impact lists on its own connection, so the process that asked keeps serving. */
export interface ImpactListWorkerData {
  readonly file: string;
  readonly minDocs?: number;
  readonly listLength?: number;
}

export type ImpactListWorkerMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; summary: ReturnType<typeof buildImpactLists> }
  | { type: "error"; message: string };

const data = workerData as ImpactListWorkerData;
const db = openSqliteDatabase(data.file);
try {
  const options: ImpactListBuildOptions = {
    ...(data.minDocs === undefined ? {} : { minDocs: data.minDocs }),
    ...(data.listLength === undefined ? {} : { listLength: data.listLength }),
    onProgress: (done, total) =>
      parentPort?.postMessage({ type: "progress", done, total } satisfies ImpactListWorkerMessage),
  };
  const summary = buildImpactLists(db, options);
  parentPort?.postMessage({ type: "done", summary } satisfies ImpactListWorkerMessage);
} catch (error) {
  parentPort?.postMessage({ type: "error", message: (error as Error).message } satisfies ImpactListWorkerMessage);
} finally {
  db.close();
}
