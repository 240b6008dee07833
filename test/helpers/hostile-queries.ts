import { mulberry32 } from "../../src/lib/seeded-random.js";

/**
 * Seeded generators of random and hostile search input, shared by the parser fuzz test
 * (test/search/parse-search-query.fuzz.test.ts) and the search service fuzz test
 * (test/search/search-fuzz.test.ts). Everything is drawn from a `random` function made by
 * {@link createRandom}, so a seed replays the same inputs exactly.
 */

/** Long inputs are built to this length, over the parser's 10,000-character cut. */
export const LONG_INPUT_CHARS = 10_500;

/** Seeded uniform numbers: the seed makes a failing input replayable. */
export const createRandom: (seed: number) => () => number = mulberry32;

/** Fragments aimed at FTS5 syntax, SQL, the query language's own syntax, and Unicode edge cases. */
export const HOSTILE_PIECES = [
  "NEAR(",
  "NEAR(a b, 2)",
  "*",
  "^",
  ":",
  '"',
  '""',
  "-",
  "+",
  "(",
  ")",
  " AND ",
  " OR ",
  " NOT ",
  "and",
  "or",
  "not",
  "{title abstract}:",
  "title:",
  "author:",
  'author:"',
  "cat:",
  "year:",
  "from:",
  "to:",
  "has:code",
  "from:2024-13",
  "to:0000",
  "'; DROP TABLE t; --",
  "' OR 1=1 --",
  "SELECT * FROM papers",
  "🙂",
  "👩‍👩‍👧",
  "🇺🇳",
  "مرحبا",
  "\u202e",
  "\u200b",
  "\u0000",
  "\ud800",
  "\udfff",
  "e\u0301",
  "İ",
  "ß",
  "深度",
  " ",
  "\t",
  "\n",
] as const;

/** A random mix of hostile pieces and random characters; about 1 in 100 is over the length cut. */
export function randomInput(random: () => number): string {
  const roll = random();
  if (roll < 0.01) return randomLongInput(random);
  const length = Math.floor(random() * 24);
  let text = "";
  for (let i = 0; i < length; i++) text += random() < 0.5 ? pick(random, HOSTILE_PIECES) : randomChar(random);
  return text;
}

/** Long inputs repeat a random chunk: cheap to build, and still over the truncation limit. */
export function randomLongInput(random: () => number): string {
  let chunk = "";
  for (let i = 0; i < 40; i++) chunk += random() < 0.5 ? pick(random, HOSTILE_PIECES) : randomChar(random);
  return chunk.repeat(Math.ceil(LONG_INPUT_CHARS / Math.max(chunk.length, 1))).slice(0, LONG_INPUT_CHARS);
}

/** Printable ASCII, control characters, any BMP unit (lone surrogates included) or an astral character. */
export function randomChar(random: () => number): string {
  const roll = random();
  if (roll < 0.4) return String.fromCharCode(32 + Math.floor(random() * 95));
  if (roll < 0.5) return String.fromCharCode(Math.floor(random() * 32));
  if (roll < 0.8) return String.fromCharCode(Math.floor(random() * 0x10000));
  return String.fromCodePoint(0x10000 + Math.floor(random() * 0x10ffff - 0x10000));
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Filter values that are valid, odd, or at the edges of what the index can express. */
const CATEGORY_VALUES = [
  "cs",
  "cs.LG",
  "cs.cl",
  "CS.CV",
  "hep-th",
  "hep",
  "math",
  "math-ph",
  "math.AG",
  "physics.ao-ph",
  "q-bio",
  "stat.ML",
  "astro-ph.CO",
  "cond-mat.stat-mech",
  "cs.",
  ".LG",
  "c",
  "x-y.z-w",
  "cs.LG.extra",
  "1cs",
  "cs-",
] as const;

const HAS_VALUES = ["code", "CODE", "Code", "data", ""] as const;

/**
 * Years near the present, edge years (before arXiv, the smallest and largest the parser takes)
 * and impossible ones.
 */
function randomYear(random: () => number): string {
  const roll = random();
  if (roll < 0.8) return String(2015 + Math.floor(random() * 14));
  if (roll < 0.9) return String(1000 + Math.floor(random() * 9000));
  return pick(random, ["0000", "0999", "1000", "1990", "1991", "2100", "9999", "99999", "20", "2024a", "-2024"]);
}

function randomDate(random: () => number): string {
  const year = randomYear(random);
  const roll = random();
  if (roll < 0.35) return year;
  const month = String(Math.floor(random() * 14)).padStart(2, "0");
  if (roll < 0.7) return `${year}-${month}`;
  const day = String(Math.floor(random() * 33)).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

function randomName(random: () => number, names: readonly string[]): string {
  const name = names.length > 0 && random() < 0.7 ? pick(random, names) : randomInput(random).slice(0, 30);
  const roll = random();
  if (roll < 0.4) return `"${name}"`;
  if (roll < 0.5) return `"${name}`;
  if (roll < 0.6) return name.toUpperCase();
  return name.split(/\s+/)[0] ?? "";
}

/** One filter, usually well-formed; sometimes negated, empty or repeated. */
function randomFilter(random: () => number, authors: readonly string[]): string {
  const sign = random() < 0.05 ? "-" : "";
  const roll = random();
  let filter: string;
  if (roll < 0.3) filter = `cat:${pick(random, CATEGORY_VALUES)}`;
  else if (roll < 0.45) filter = `year:${randomYear(random)}`;
  else if (roll < 0.6) filter = `from:${randomDate(random)}`;
  else if (roll < 0.75) filter = `to:${randomDate(random)}`;
  else if (roll < 0.85) filter = `has:${pick(random, HAS_VALUES)}`;
  else filter = `author:${randomName(random, authors)}`;
  return sign + (random() < 0.1 ? filter.toUpperCase() : filter);
}

/** One word of the search: a known word, a prefix of one, a phrase, an operator or a hostile piece. */
function randomQueryItem(random: () => number, words: readonly string[], authors: readonly string[]): string {
  const roll = random();
  const word = () => (words.length > 0 ? pick(random, words) : randomInput(random).slice(0, 12));
  if (roll < 0.35) return (random() < 0.1 ? "-" : "") + word();
  if (roll < 0.45) return word().slice(0, 1 + Math.floor(random() * 4));
  if (roll < 0.55) return `${random() < 0.1 ? "-" : ""}"${word()} ${word()}${random() < 0.1 ? "" : '"'}`;
  if (roll < 0.65) return pick(random, ["OR", "AND", "NOT", "or", "-", "(", ")", "+"]);
  if (roll < 0.85) return randomFilter(random, authors);
  if (roll < 0.95) return pick(random, HOSTILE_PIECES);
  return randomChar(random);
}

/**
 * A search as a reader (or an attacker) might type it: words of the collection, operators and
 * filters, mixed with hostile pieces. `words` and `authors` come from the papers searched, so
 * that many inputs match something and exercise ranking, highlighting and facets.
 */
export function randomSearchQuery(
  random: () => number,
  words: readonly string[] = [],
  authors: readonly string[] = [],
): string {
  const roll = random();
  if (roll < 0.3) return randomInput(random);
  const count = 1 + Math.floor(random() * 7);
  const items: string[] = [];
  for (let i = 0; i < count; i++) items.push(randomQueryItem(random, words, authors));
  const separator = () => (random() < 0.9 ? " " : pick(random, ["", "  ", "\t", "(", ")", "\n"]));
  return items.reduce((text, item, i) => (i === 0 ? item : text + separator() + item), "");
}

/** Search options as the service accepts them: sensible values, edges and out-of-range ones. */
export interface RandomSearchOptions {
  mode?: "keyword";
  sort?: "relevance" | "date" | "trending";
  offset?: number;
  limit?: number;
  prefix?: boolean;
  facets?: boolean;
  highlight?: boolean;
}

export interface SearchOptionWeights {
  /** Share of requests with sort=trending (each ranks a pool of 200 matches by trending score). */
  trending: number;
  /** Share of requests asking for facets. */
  facets: number;
  /** Share of requests asking for highlights. */
  highlight: number;
}

/** Finite offsets and limits only: what a caller that validates numbers could pass on. */
export function randomSearchOptions(random: () => number, weights: SearchOptionWeights): RandomSearchOptions {
  const options: RandomSearchOptions = {};
  if (random() < 0.5) options.mode = "keyword";
  const sortRoll = random();
  if (sortRoll < weights.trending) options.sort = "trending";
  else if (sortRoll < weights.trending + 0.25) options.sort = "date";
  else if (sortRoll < weights.trending + 0.5) options.sort = "relevance";
  const offsetRoll = random();
  if (offsetRoll < 0.4) options.offset = 0;
  else if (offsetRoll < 0.7) options.offset = Math.floor(random() * 40);
  else if (offsetRoll < 0.8) options.offset = Math.floor(random() * 1_000_000);
  else if (offsetRoll < 0.85) options.offset = -Math.floor(random() * 100);
  else if (offsetRoll < 0.9) options.offset = random() * 30;
  else if (offsetRoll < 0.92) options.offset = Number.MAX_SAFE_INTEGER;
  const limitRoll = random();
  if (limitRoll < 0.3) options.limit = 1 + Math.floor(random() * 100);
  else if (limitRoll < 0.4) options.limit = 0;
  else if (limitRoll < 0.5) options.limit = -Math.floor(random() * 50);
  else if (limitRoll < 0.6) options.limit = 100 + Math.floor(random() * 10_000);
  else if (limitRoll < 0.65) options.limit = random() * 100;
  if (random() < 0.7) options.prefix = random() < 0.5;
  if (random() < weights.facets) options.facets = true;
  if (random() < weights.highlight) options.highlight = true;
  return options;
}
