import { formatDay } from "../../lib/dates.js";
import { InvalidRecordError, type PaperImport, readPaperRecord } from "./paper-record.js";
import type { ImportFileDecoder, ImportFileOptions, PaperStore, ReadProgress } from "./ports.js";

/** Records written per transaction: large enough to amortise the commit, small enough to resume cheaply. */
export const IMPORT_BATCH_SIZE = 5_000;

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

/** Lines decoded into records, ready to write; produced in-thread or by a decoding worker. */
export interface DecodedBatch {
  readonly records: PaperImport[];
  readonly rejected: RejectedLine[];
  /** Number of the last line read into this batch. */
  readonly lastLine: number;
}

/** Turns a decoded line of another format into an import record, before validation. */
export type RecordMapper = (value: unknown) => unknown;

/**
 * Parses and validates lines into batches of IMPORT_BATCH_SIZE records; `mapRecord`
 * first maps each parsed line of another format (an arXiv snapshot) to an import record.
 */
export async function* decodeLines(
  lines: AsyncIterable<SourceLine>,
  observedDay: string,
  mapRecord?: RecordMapper,
): AsyncIterable<DecodedBatch> {
  let records: PaperImport[] = [];
  let rejected: RejectedLine[] = [];
  let lastLine = 0;
  try {
    for await (const line of lines) {
      lastLine = line.number;
      if (line.text.trim() === "") continue;
      const decoded = decodeLine(line, observedDay, mapRecord);
      if ("reason" in decoded) rejected.push(decoded);
      else records.push(decoded);
      if (records.length >= IMPORT_BATCH_SIZE) {
        yield { records, rejected, lastLine };
        records = [];
        rejected = [];
      }
    }
  } catch (error) {
    // A damaged stream (truncated gzip, I/O error): keep what was read before the damage.
    if (records.length > 0 || rejected.length > 0) yield { records, rejected, lastLine };
    throw error;
  }
  if (records.length > 0 || rejected.length > 0 || lastLine > 0) yield { records, rejected, lastLine };
}

export function createImportService({
  papers,
  now,
  decodeFile,
  onImported,
}: {
  papers: PaperStore;
  now: () => Date;
  decodeFile: ImportFileDecoder;
  onImported?: () => void;
}) {
  async function importBatches(batches: AsyncIterable<DecodedBatch>, observer: ImportObserver = {}) {
    const summary: ImportSummary = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, lines: 0 };
    for await (const batch of batches) {
      for (const rejected of batch.rejected) observer.onRejected?.(rejected);
      summary.rejected += batch.rejected.length;
      summary.lines = batch.lastLine;
      if (batch.records.length > 0) {
        const counts = await papers.importPapers(batch.records);
        summary.inserted += counts.inserted;
        summary.updated += counts.updated;
        summary.unchanged += counts.unchanged;
        onImported?.();
      }
      observer.onBatch?.(summary);
    }
    return summary;
  }

  return {
    /** Writes decoded batches; a malformed line is reported and skipped, never fatal. */
    importBatches,
    /** Imports a JSONL(.gz) file; `progress` follows the bytes read. */
    importFile(
      path: string,
      observer: ImportObserver = {},
      progress: ReadProgress = { bytesRead: 0, totalBytes: 0 },
      options: ImportFileOptions = {},
    ) {
      return importBatches(decodeFile(path, formatDay(now()), progress, options), observer);
    },
    /** Decodes and imports a JSONL stream in this thread. */
    importLines(lines: AsyncIterable<SourceLine>, observer: ImportObserver = {}): Promise<ImportSummary> {
      return importBatches(decodeLines(lines, formatDay(now())), observer);
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;

function decodeLine(line: SourceLine, observedDay: string, mapRecord?: RecordMapper): PaperImport | RejectedLine {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return { line: line.number, reason: `not valid JSON (${(error as Error).message})` };
  }
  try {
    return readPaperRecord(mapRecord ? mapRecord(value) : value, observedDay);
  } catch (error) {
    if (error instanceof InvalidRecordError) return { line: line.number, reason: error.message };
    throw error;
  }
}
