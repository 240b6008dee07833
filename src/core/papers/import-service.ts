import { formatDay } from "../../lib/dates.js";
import { InvalidRecordError, type PaperImport, readPaperRecord } from "./paper-record.js";
import type { PaperStore } from "./ports.js";

/** Records written per transaction: large enough to amortise the commit, small enough to resume cheaply. */
export const IMPORT_BATCH_SIZE = 2_000;

export interface SourceLine {
  /** 1-based line number in the file. */
  readonly number: number;
  readonly text: string;
}

export interface RejectedLine {
  readonly line: number;
  readonly reason: string;
}

export interface ImportSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Lines read, blank lines included. */
  lines: number;
}

export interface ImportObserver {
  onRejected?(rejected: RejectedLine): void;
  onBatch?(summary: Readonly<ImportSummary>): void;
}

export function createImportService({ papers, now, onImported }: { papers: PaperStore; now: () => Date; onImported?: () => void }) {
  return {
    /** Imports a JSONL stream; a malformed line is reported and skipped, never fatal. */
    async importLines(lines: AsyncIterable<SourceLine>, observer: ImportObserver = {}): Promise<ImportSummary> {
      const summary: ImportSummary = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, lines: 0 };
      const observedDay = formatDay(now());
      let batch: PaperImport[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const counts = await papers.importPapers(batch);
        summary.inserted += counts.inserted;
        summary.updated += counts.updated;
        summary.unchanged += counts.unchanged;
        batch = [];
        onImported?.();
        observer.onBatch?.(summary);
      };
      for await (const line of lines) {
        summary.lines = line.number;
        if (line.text.trim() === "") continue;
        const parsed = decodeLine(line, observedDay);
        if ("reason" in parsed) {
          summary.rejected += 1;
          observer.onRejected?.(parsed);
          continue;
        }
        batch.push(parsed);
        if (batch.length >= IMPORT_BATCH_SIZE) await flush();
      }
      await flush();
      return summary;
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;

function decodeLine(line: SourceLine, observedDay: string): PaperImport | RejectedLine {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return { line: line.number, reason: `not valid JSON (${(error as Error).message})` };
  }
  try {
    return readPaperRecord(value, observedDay);
  } catch (error) {
    if (error instanceof InvalidRecordError) return { line: line.number, reason: error.message };
    throw error;
  }
}
