import { parseArxivId } from "../../../core/papers/arxiv-id.js";
import type { DecodedBatch, RejectedLine } from "../../../core/papers/import-service.js";
import { InvalidRecordError, type PaperImport, readPaperRecord } from "../../../core/papers/paper-record.js";
import type { AtomEntry } from "./atom-entry-parser.js";

/**
 * Maps an arXiv API entry to the import format (docs/import-format.md), so that API
 * papers go through the same validation and idempotency rules as imported files: the
 * version in the id is recorded, and a replaced paper (newer `updated`) updates the
 * stored one instead of adding a second.
 */
export function toArxivImportRecord(entry: AtomEntry): Record<string, unknown> {
  return {
    id: entry.id === null ? null : arxivIdFromEntryId(entry.id),
    title: entry.title,
    abstract: entry.summary,
    authors: entry.authors,
    categories: orderCategories(entry.primaryCategory, entry.categories),
    published: entry.published,
    updated: entry.updated,
    comments: entry.comment,
    doi: entry.doi,
    journal_ref: entry.journalRef,
  };
}

/**
 * `http://arxiv.org/abs/2104.12255v1` → `2104.12255v1`, `https://arxiv.org/abs/astro-ph/0601001v1`
 * → `astro-ph/0601001v1`. Anything else is returned unchanged, for readPaperRecord to reject
 * with the usual message.
 */
export function arxivIdFromEntryId(entryId: string): string {
  const match = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/abs\/(.+)$/i.exec(entryId.trim());
  return match ? match[1]! : entryId;
}

/** The paper an entry is about (id without version), to match it to the id asked for; null if unreadable. */
export function entryPaperId(entry: AtomEntry): string | null {
  try {
    return entry.id === null ? null : parseArxivId(arxivIdFromEntryId(entry.id)).id;
  } catch {
    return null;
  }
}

/**
 * The primary category first, then the others in feed order, keeping only arXiv taxonomy
 * codes: `<category term>` also carries ACM and MSC classes ("I.2.7", "68T05"), which would
 * otherwise make readPaperRecord reject the whole paper.
 * @see https://arxiv.org/category_taxonomy
 */
function orderCategories(primary: string | null, categories: readonly string[]): string[] {
  const all = primary === null ? categories : [primary, ...categories];
  return [...new Set(all.filter((c) => ARXIV_CATEGORY.test(c)))];
}

const ARXIV_CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

/**
 * Validates a page of entries into an import batch. A malformed entry is rejected with
 * its id in the reason and the others are kept. `firstNumber` numbers the entries across
 * a whole run, so a rejection can be found again ("entry 212").
 */
export function decodeArxivEntries(
  entries: readonly AtomEntry[],
  firstNumber: number,
  observedDay: string,
): DecodedBatch {
  const records: PaperImport[] = [];
  const rejected: RejectedLine[] = [];
  for (const [i, entry] of entries.entries()) {
    try {
      records.push(readPaperRecord(toArxivImportRecord(entry), observedDay));
    } catch (error) {
      if (!(error instanceof InvalidRecordError)) throw error;
      rejected.push({ line: firstNumber + i, reason: `${entry.id ?? "entry without <id>"}: ${error.message}` });
    }
  }
  return { records, rejected, lastLine: firstNumber + entries.length - 1 };
}
