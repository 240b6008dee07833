// Reads the CISI test collection (SMART format) kept in eval/cisi/: documents, queries and
// binary relevance judgements. See eval/cisi/README.md for where the files come from.
// @see https://ir-datasets.com/cisi.html (the same files, and the record fields)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { Qrels } from "../src/core/search/relevance-metrics.js";

export const CISI_DIR = fileURLToPath(new URL("./cisi/", import.meta.url));

export interface CisiDocument {
  id: string;
  title: string;
  /** One entry per `.A` line, e.g. "Comaromi, J.P.". */
  authors: string[];
  abstract: string;
}

export interface CisiQuery {
  id: string;
  /** The `.W` field: the information need in prose (some queries also carry a title). */
  text: string;
}

export interface CisiDataset {
  documents: CisiDocument[];
  queries: CisiQuery[];
  qrels: Qrels;
}

interface SmartRecord {
  id: string;
  /** Field letter ("T", "A", "W", …) → each occurrence's lines, in order. */
  fields: Map<string, string[][]>;
}

const RECORD_START = /^\.I\s+(\d+)\s*$/;
const FIELD_START = /^\.([A-Z])\s*$/;

/** Splits SMART text into records: `.I <id>` opens one, `.<letter>` alone on a line opens a field. */
export function parseSmartRecords(text: string): SmartRecord[] {
  const records: SmartRecord[] = [];
  let lines: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    const recordStart = RECORD_START.exec(line);
    if (recordStart) {
      records.push({ id: recordStart[1] ?? "", fields: new Map() });
      lines = null;
      continue;
    }
    const record = records.at(-1);
    const fieldStart = FIELD_START.exec(line);
    if (record && fieldStart) {
      const letter = fieldStart[1] ?? "";
      lines = [];
      record.fields.set(letter, [...(record.fields.get(letter) ?? []), lines]);
      continue;
    }
    lines?.push(line);
  }
  return records;
}

function joinField(record: SmartRecord, letter: string): string {
  const occurrences = record.fields.get(letter) ?? [];
  return occurrences
    .flat()
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

function listFieldLines(record: SmartRecord, letter: string): string[] {
  return (record.fields.get(letter) ?? [])
    .flat()
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

export function parseCisiDocuments(text: string): CisiDocument[] {
  return parseSmartRecords(text).map((record) => ({
    id: record.id,
    title: joinField(record, "T"),
    authors: listFieldLines(record, "A"),
    abstract: joinField(record, "W"),
  }));
}

export function parseCisiQueries(text: string): CisiQuery[] {
  return parseSmartRecords(text).map((record) => ({ id: record.id, text: joinField(record, "W") }));
}

/** CISI.REL lines are `<query id> <doc id> 0 0.000000`; every listed pair is relevant (grade 1). */
export function parseCisiQrels(text: string): Qrels {
  const qrels = new Map<string, Map<string, number>>();
  for (const line of text.split(/\r?\n/)) {
    const [queryId, docId] = line.trim().split(/\s+/);
    if (!queryId || !docId) continue;
    const judgements = qrels.get(queryId) ?? new Map<string, number>();
    judgements.set(docId, 1);
    qrels.set(queryId, judgements);
  }
  return qrels;
}

export function loadCisiDataset(dir: string = CISI_DIR): CisiDataset {
  return {
    documents: parseCisiDocuments(gunzipSync(readFileSync(join(dir, "CISI.ALL.gz"))).toString("utf8")),
    queries: parseCisiQueries(readFileSync(join(dir, "CISI.QRY"), "utf8")),
    qrels: parseCisiQrels(readFileSync(join(dir, "CISI.REL"), "utf8")),
  };
}
