// One voter for the concurrency test, with its own connection to the database file. For
// each round the test posts, it waits at the starting line (a shared counter per round)
// until every voter is there, toggles its vote `toggles` times and answers with the states.
import { parentPort, workerData } from "node:worker_threads";
import { openSqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { createSqliteVoteStore } from "../../src/adapters/storage/sqlite/sqlite-vote-store.js";

const { file, userId, paperId, startLines, voters } = workerData as {
  file: string;
  userId: number;
  paperId: string;
  startLines: SharedArrayBuffer;
  voters: number;
};

const votes = createSqliteVoteStore(openSqliteDatabase(file));
const ready = new Int32Array(startLines);

parentPort!.on("message", async ({ round, toggles }: { round: number; toggles: number }) => {
  Atomics.add(ready, round, 1);
  Atomics.notify(ready, round);
  while (Atomics.load(ready, round) < voters) Atomics.wait(ready, round, Atomics.load(ready, round), 50);
  const voted: (boolean | null)[] = [];
  for (let i = 0; i < toggles; i++)
    voted.push((await votes.toggle(userId, paperId, new Date().toISOString()))?.voted ?? null);
  parentPort!.postMessage(voted);
});
