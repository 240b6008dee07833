import type { PaperInput } from "../../../core/papers/paper-record.js";

/** The fields of a stored paper the importer compares and writes. */
export type StoredPaper = Omit<PaperInput, "id">;

/** Fields one source knows and another may not: a record without them keeps the stored values. */
const KEPT_WHEN_MISSING = ["comments", "doi", "journalRef", "githubRepo", "projectPage", "aiSummary"] as const;

/**
 * What importing `incoming` over `stored` writes, by the importer's rules (the same as
 * sqlite-paper-importer.ts): sources know different parts of a paper (arXiv has no AI
 * summary, Hugging Face lists often name only the first author), so a record replaces what it
 * carries and keeps what it lacks; upvotes never decrease.
 */
export function mergePaper(stored: StoredPaper, incoming: StoredPaper): StoredPaper {
  const merged: { -readonly [K in keyof StoredPaper]: StoredPaper[K] } = { ...incoming };
  for (const field of KEPT_WHEN_MISSING) merged[field] = incoming[field] ?? stored[field];
  if (incoming.categories.length === 0) merged.categories = stored.categories;
  if (incoming.aiKeywords.length === 0) merged.aiKeywords = stored.aiKeywords;
  // A shorter list that is the start of the stored one (first author only) adds nothing.
  const isPrefix = incoming.authors.every((name, i) => stored.authors[i] === name);
  if (incoming.authors.length < stored.authors.length && isPrefix) merged.authors = stored.authors;
  merged.upvotes = Math.max(stored.upvotes, incoming.upvotes);
  return merged;
}

/**
 * Whether the import writes the merged paper: a newer `updatedAt` always, the same one only
 * when the content differs (a correction); an older one never. ISO UTC strings order as times.
 */
export function shouldReplace(stored: StoredPaper, merged: StoredPaper): boolean {
  if (merged.updatedAt !== stored.updatedAt) return merged.updatedAt > stored.updatedAt;
  return (Object.keys(stored) as (keyof StoredPaper)[]).some((field) => !isSame(stored[field], merged[field]));
}

function isSame(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
