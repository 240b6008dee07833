import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { readLineChunks } from "./read-line-chunks.js";

/**
 * Papers per thousand that appear on their publication day's daily list. arXiv gets a few
 * hundred papers a day in the 1M corpus's last years, so ~8% gives the 10–60 a day that
 * Hugging Face lists.
 */
export const LISTED_PER_MILLE = 80;
/** Upvotes of a listed paper range over 1..UPVOTES_MAX, heavy-tailed like HF's (median ~12). */
const UPVOTES_MAX = 301;

const ID = /^\{"id":"([^"]+)"/;
// Inside JSON strings quotes are escaped, so these keys cannot match text in an abstract.
const PUBLISHED_DAY = /"published":"(\d{4}-\d{2}-\d{2})/;
const STARS_KEY = '"stars":';

export interface ListingStats {
  papers: number;
  listed: number;
  withStars: number;
  /** Listed papers per day. */
  perDay: Map<string, number>;
}

/** FNV-1a, 32 bits: a stable, seed-free hash so the same paper is always (un)listed. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** One generator line in the import format: a deterministic share gain a daily listing and upvotes. */
export function addDailyListing(line: string, stats: ListingStats): string {
  const id = ID.exec(line)?.[1];
  const day = PUBLISHED_DAY.exec(line)?.[1];
  if (!id || !day || !line.endsWith("}")) throw new Error(`unexpected generator line: ${line.slice(0, 80)}`);
  stats.papers += 1;
  if (line.includes(STARS_KEY)) stats.withStars += 1;
  const h = hashId(id);
  if (h % 1000 >= LISTED_PER_MILLE) return line;
  stats.listed += 1;
  stats.perDay.set(day, (stats.perDay.get(day) ?? 0) + 1);
  const tail = (h >>> 10) % 1000; // independent of the listing decision (low bits)
  const upvotes = 1 + Math.floor((UPVOTES_MAX - 1) / (1 + tail / 20));
  return `${line.slice(0, -1)},"daily_listings":["${day}"],"upvotes":${upvotes}}`;
}

/** Streams `input` to `output`, adding listings; returns what was added. */
export async function writeCorpusWithListings(input: string, output: string): Promise<ListingStats> {
  const stats: ListingStats = { papers: 0, listed: 0, withStars: 0, perDay: new Map() };
  const out = createWriteStream(output);
  for await (const lines of readLineChunks(input)) {
    const text = lines.filter((l) => l !== "").map((l) => addDailyListing(l, stats));
    if (text.length > 0 && !out.write(`${text.join("\n")}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return stats;
}
