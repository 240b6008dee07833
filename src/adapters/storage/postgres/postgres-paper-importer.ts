import type { PaperImport } from "../../../core/papers/paper-record.js";
import type { ImportCounts } from "../../../core/papers/ports.js";
import { type Outcome, writePaperRound } from "./postgres-paper-batch-write.js";
import { mergeHistoryBatch } from "./postgres-paper-history-batch.js";
import { type PostgresPool, withTransaction } from "./postgres-pool.js";

/**
 * Writes import batches, one transaction per batch: a failure mid-batch leaves the batch
 * wholly absent, and re-running the import fills it in without duplicates. The rules are
 * the SQLite importer's (postgres-paper-merge.ts), and so are the outcomes: the batch is
 * written with a few statements, not a few per paper (a round trip each), yet every paper
 * ends, and is counted, as if the records were written one by one in order.
 */
export async function importPostgresPapers(pool: PostgresPool, batch: readonly PaperImport[]): Promise<ImportCounts> {
  const importedAt = new Date().toISOString();
  return withTransaction(pool, async (client) => {
    const outcomes: Outcome[] = [];
    for (const round of splitIntoRounds(batch)) {
      const written = await writePaperRound(
        client,
        round.map((i) => batch[i]!.paper),
        importedAt,
      );
      round.forEach((i, k) => (outcomes[i] = written[k]!));
    }
    const addedHistory = await mergeHistoryBatch(client, batch);
    const counts: ImportCounts = { inserted: 0, updated: 0, unchanged: 0 };
    outcomes.forEach((outcome, i) => {
      counts[outcome === "unchanged" && addedHistory.has(i) ? "updated" : outcome] += 1;
    });
    return counts;
  });
}

/**
 * Record indexes grouped so that no group holds an id twice: the first group has each id's
 * first record, the second its second one, and so on. A record repeated in a batch is thus
 * merged into the one before it, as in order; records of different papers do not interact.
 * Most batches are a single group.
 */
function splitIntoRounds(batch: readonly PaperImport[]): number[][] {
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  batch.forEach((record, i) => {
    const occurrence = seen.get(record.paper.id) ?? 0;
    seen.set(record.paper.id, occurrence + 1);
    (rounds[occurrence] ??= []).push(i);
  });
  return rounds;
}
