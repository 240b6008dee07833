// Builds sample-data/papers.jsonl.gz, the real data a fresh Paperboy shows on first start,
// from ../shared/data (see sample-data/README.md for sources and caveats):
//   - every paper of the Hugging Face daily-papers dataset, with its listing dates and its
//     day-by-day position on the HF papers page (from the daily page snapshots);
//   - the 73 papers of the HF trending page we started from (seed/trending-page.txt), with
//     ids, authors and dates looked up by hand in scripts/sample-data/seed-page-papers.json.
// Usage: npx tsx scripts/sample-data/build-sample.ts [SHARED_DIR]
import { createReadStream, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { gunzipSync, gzipSync } from "node:zlib";
import { join } from "node:path";

const shared = process.argv[2] ?? join(import.meta.dirname, "../../../shared");
const out = join(import.meta.dirname, "../../sample-data/papers.jsonl.gz");
const snapshotsDir = join(shared, "data/hf-daily/raw/michaelmarkert-rss-hf_papers");

interface HfRecord {
  id: string;
  title: string;
  summary?: string;
  ai_summary?: string;
  authors?: string[];
  first_author?: string;
  categories?: string[];
  date: string;
  listing_dates?: string[];
  arxiv_listing_date?: string;
  arxiv_comments?: string;
}

/** paper id → [[day, position]] from the last snapshot of each day. */
function readPageRanks(): Map<string, [string, number][]> {
  const ranks = new Map<string, [string, number][]>();
  for (const file of readdirSync(snapshotsDir).sort()) {
    const day = file.slice(0, 10);
    const feed = JSON.parse(gunzipSync(readFileSync(join(snapshotsDir, file))).toString("utf8")) as {
      items: { id: string }[];
    };
    feed.items.forEach((item, i) => {
      const id = item.id.split("/papers/")[1];
      if (!id) return;
      const list = ranks.get(id) ?? [];
      list.push([day, i + 1]);
      ranks.set(id, list);
    });
  }
  return ranks;
}

async function readHfPapers(ranks: Map<string, [string, number][]>): Promise<object[]> {
  const records: object[] = [];
  const lines = createInterface({ input: createReadStream(join(shared, "data/hf-daily/papers.jsonl")) });
  for await (const line of lines) {
    const r = JSON.parse(line) as HfRecord;
    records.push({
      id: r.id,
      title: r.title,
      abstract: r.summary ?? "",
      authors: r.authors ?? (r.first_author ? [r.first_author] : []),
      categories: r.categories ?? [],
      // arXiv announcement date when known, else the first HF listing (a proxy: see README).
      published: r.arxiv_listing_date ?? r.date,
      comments: r.arxiv_comments,
      ai_summary: r.ai_summary,
      daily_listings: r.listing_dates ?? [r.date],
      page_ranks: ranks.get(r.id) ?? [],
    });
  }
  return records;
}

interface SeedEntry {
  title: string;
  arxiv_id: string | null;
  authors: string[];
  categories: string[];
  primary_category: string | null;
  published: string | null;
}

function readSeedPapers(): object[] {
  const entries = JSON.parse(readFileSync(join(import.meta.dirname, "seed-page-papers.json"), "utf8")) as SeedEntry[];
  const text = readFileSync(join(shared, "seed/trending-page.txt"), "utf8").split("\n");
  const abstracts = new Map<string, string>();
  text.forEach((line, i) => {
    if (line.length >= 200) {
      const title = text.slice(0, i).reverse().find((l) => l.trim() !== "");
      if (title) abstracts.set(title.trim(), line.trim());
    }
  });
  return entries
    .filter((e) => e.arxiv_id)
    .map((e) => ({
      id: e.arxiv_id,
      title: e.title,
      abstract: abstracts.get(e.title) ?? "",
      authors: e.authors,
      categories: [...new Set([e.primary_category, ...e.categories].filter(Boolean))],
      // Without a confirmed date, the first day of the month the id encodes.
      published: e.published ?? monthOfId(e.arxiv_id!),
    }));
}

function monthOfId(id: string): string {
  const yy = Number(id.slice(0, 2));
  return `${yy >= 91 ? 1900 + yy : 2000 + yy}-${id.slice(2, 4)}-01`;
}

const ranks = readPageRanks();
const hf = (await readHfPapers(ranks)) as { id: string; authors: string[]; categories: string[] }[];
const seeds = readSeedPapers() as { id: string; authors: string[]; categories: string[] }[];
// A seed-page paper also on HF daily: keep the HF record (it has listings), with the seed's
// fuller author and category lists when HF lacks them.
const hfById = new Map(hf.map((r) => [r.id, r]));
for (const seed of seeds) {
  const listed = hfById.get(seed.id);
  if (!listed) continue;
  if (seed.authors.length > listed.authors.length) listed.authors = seed.authors;
  if (listed.categories.length === 0) listed.categories = seed.categories;
}
const uniqueSeeds = seeds.filter((s) => !hfById.has(s.id));
const body = [...hf, ...uniqueSeeds].map((r) => JSON.stringify(r)).join("\n") + "\n";
writeFileSync(out, gzipSync(body, { level: 9 }));
console.log(`${out}: ${hf.length} HF daily papers + ${uniqueSeeds.length} more seed-page papers, ${(gzipSync(body).length / 1e6).toFixed(1)} MB`);
