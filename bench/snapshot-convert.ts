/**
 * Turns the shared generator's records into the same papers twice, line by line: once in
 * the arXiv metadata snapshot format (Kaggle's arxiv-metadata-oai-snapshot.json) and once
 * in the hub's import format. Deterministic: the same input gives byte-identical files.
 *
 * The two files hold the same information, so that the benchmark compares formats, not
 * workloads: the generator's `stars` are dropped from both (the snapshot has no place for
 * them, and star samples are extra writes), and its `github_repo` becomes a "Code: URL"
 * comment in both (the snapshot's only place for it; readPaperRecord finds it there).
 */
import { createReadStream, createWriteStream, renameSync } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";

export interface GeneratedRecord {
  readonly id: string;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly string[];
  readonly categories: readonly string[];
  readonly published: string;
  readonly updated: string;
  readonly github_repo?: string;
  readonly stars?: number;
}

/** One generated record as a line of the snapshot. */
export function toSnapshotObject(record: GeneratedRecord): Record<string, unknown> {
  const versions = [{ version: "v1", created: formatRfc2822(record.published) }];
  if (record.updated !== record.published) versions.push({ version: "v2", created: formatRfc2822(record.updated) });
  return {
    id: record.id,
    submitter: record.authors[0] ?? null,
    authors: record.authors.join(", "),
    title: record.title,
    comments: commentsOf(record),
    "journal-ref": null,
    doi: null,
    "report-no": null,
    categories: record.categories.join(" "),
    license: null,
    abstract: record.abstract,
    versions,
    update_date: record.updated.slice(0, 10),
    authors_parsed: record.authors.map(splitName),
  };
}

/** The same paper in the hub's import format. */
export function toHubObject(record: GeneratedRecord): Record<string, unknown> {
  return {
    id: record.id,
    title: record.title,
    abstract: record.abstract,
    authors: record.authors,
    categories: record.categories,
    published: record.published,
    updated: record.updated,
    comments: commentsOf(record),
  };
}

function commentsOf(record: GeneratedRecord): string | null {
  return record.github_repo ? `Code: ${record.github_repo}` : null;
}

/** "Emily N. Shah" → ["Shah", "Emily N.", ""], the snapshot's [last, first, suffix]. */
function splitName(name: string): [string, string, string] {
  const space = name.lastIndexOf(" ");
  return space < 0 ? [name, "", ""] : [name.slice(space + 1), name.slice(0, space), ""];
}

/** `2007-04-02T19:18:42Z` → `Mon, 2 Apr 2007 19:18:42 GMT`, the snapshot's spelling (day not zero-padded). */
function formatRfc2822(iso: string): string {
  return new Date(iso).toUTCString().replace(/, 0(\d) /, ", $1 ");
}

/** Writes both files from the generator's JSONL; returns the number of records. */
export async function convertGeneratedFile(input: string, snapshotOut: string, hubOut: string): Promise<number> {
  const snapshot = createWriteStream(`${snapshotOut}.partial`);
  const hub = createWriteStream(`${hubOut}.partial`);
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    const record = JSON.parse(line) as GeneratedRecord;
    await write(snapshot, `${JSON.stringify(toSnapshotObject(record))}\n`);
    await write(hub, `${JSON.stringify(toHubObject(record))}\n`);
    count += 1;
  }
  await Promise.all([close(snapshot), close(hub)]);
  renameSync(`${snapshotOut}.partial`, snapshotOut);
  renameSync(`${hubOut}.partial`, hubOut);
  return count;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

async function close(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, "finish");
}
