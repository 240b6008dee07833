/**
 * The tokens FTS5's `porter unicode61 remove_diacritics 2` tokenizer produces, computed in
 * JavaScript so that the pruned search can score a candidate from its text without asking
 * SQLite one paper at a time. A test compares it with FTS5 on the bundled sample's whole
 * vocabulary; where they ever differ, only the score of that one paper is affected.
 * @see https://www.sqlite.org/fts5.html#porter_tokenizer
 * @see https://tartarus.org/martin/PorterStemmer/def.txt (M.F. Porter, 1980)
 */

/** unicode61's token characters: letters, numbers and private-use characters. */
const TOKEN = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;
/** remove_diacritics folds Latin letters only: Greek or Cyrillic accents stay. */
const LATIN_MARKS = /(?<=[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]\p{M}*)\p{M}/gu;
/** FTS5 leaves tokens shorter than 3 or longer than 64 bytes unstemmed. */
const MIN_STEM_BYTES = 3;
const MAX_STEM_BYTES = 64;

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

/** Any character beyond ASCII (control characters are separators either way). */
const NON_ASCII = /[^ -~\t\n\r]/;
const ASCII_TOKEN = /[a-z0-9]+/g;

/** Lower-cased, diacritic-free, stemmed tokens of `text`, in order. */
export function porterTokens(text: string): string[] {
  // Most titles and abstracts are ASCII: skip Unicode normalisation for them (3–4x faster).
  const words = NON_ASCII.test(text)
    ? (text.normalize("NFD").replace(LATIN_MARKS, "").normalize("NFC").toLowerCase().match(TOKEN) ?? [])
    : (text.toLowerCase().match(ASCII_TOKEN) ?? []);
  return words.map(stemCached);
}

function stemCached(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = porterStem(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

export function porterStem(word: string): string {
  const bytes = Buffer.byteLength(word, "utf8");
  if (bytes < MIN_STEM_BYTES || bytes > MAX_STEM_BYTES) return word;
  let w = step1a(word);
  w = step1b(w);
  w = step1c(w);
  w = step2(w);
  w = step3(w);
  w = step4(w);
  w = step5(w);
  return w;
}

function isConsonant(w: string, i: number): boolean {
  const c = w[i];
  if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
  if (c === "y") return i === 0 ? true : !isConsonant(w, i - 1);
  return true;
}

/** Porter's m: the number of vowel-consonant sequences in the stem. */
function measure(stem: string): number {
  let m = 0;
  let i = 0;
  const n = stem.length;
  while (i < n && isConsonant(stem, i)) i++;
  while (i < n) {
    while (i < n && !isConsonant(stem, i)) i++;
    if (i >= n) break;
    while (i < n && isConsonant(stem, i)) i++;
    m++;
  }
  return m;
}

function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsDoubleConsonant(w: string): boolean {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && isConsonant(w, n - 1);
}

/** *o: the stem ends consonant-vowel-consonant, the last not w, x or y. */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  if (!isConsonant(w, n - 1) || isConsonant(w, n - 2) || !isConsonant(w, n - 3)) return false;
  const last = w[n - 1];
  return last !== "w" && last !== "x" && last !== "y";
}

function step1a(w: string): string {
  if (w.endsWith("sses")) return w.slice(0, -2);
  if (w.endsWith("ies")) return w.slice(0, -2);
  if (w.endsWith("ss")) return w;
  if (w.endsWith("s")) return w.slice(0, -1);
  return w;
}

function step1b(w: string): string {
  if (w.endsWith("eed")) return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w;
  let stem: string | null = null;
  if (w.endsWith("ed") && hasVowel(w.slice(0, -2))) stem = w.slice(0, -2);
  else if (w.endsWith("ing") && hasVowel(w.slice(0, -3))) stem = w.slice(0, -3);
  if (stem === null) return w;
  if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) return `${stem}e`;
  if (endsDoubleConsonant(stem) && !/[lsz]$/.test(stem)) return stem.slice(0, -1);
  if (measure(stem) === 1 && endsCvc(stem)) return `${stem}e`;
  return stem;
}

function step1c(w: string): string {
  return w.endsWith("y") && hasVowel(w.slice(0, -1)) ? `${w.slice(0, -1)}i` : w;
}

const STEP2: ReadonlyArray<readonly [string, string]> = [
  ["ational", "ate"],
  ["tional", "tion"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["izer", "ize"],
  ["bli", "ble"],
  ["alli", "al"],
  ["entli", "ent"],
  ["eli", "e"],
  ["ousli", "ous"],
  ["ization", "ize"],
  ["ation", "ate"],
  ["ator", "ate"],
  ["alism", "al"],
  ["iveness", "ive"],
  ["fulness", "ful"],
  ["ousness", "ous"],
  ["aliti", "al"],
  ["iviti", "ive"],
  ["biliti", "ble"],
  ["logi", "log"],
];

const STEP3: ReadonlyArray<readonly [string, string]> = [
  ["icate", "ic"],
  ["ative", ""],
  ["alize", "al"],
  ["iciti", "ic"],
  ["ical", "ic"],
  ["ful", ""],
  ["ness", ""],
];

const STEP4 = [
  "al",
  "ance",
  "ence",
  "er",
  "ic",
  "able",
  "ible",
  "ant",
  "ement",
  "ment",
  "ent",
  "ion",
  "ou",
  "ism",
  "ate",
  "iti",
  "ous",
  "ive",
  "ize",
];

/** Replaces the longest matching suffix when the remaining stem has m > 0. */
function replaceSuffix(w: string, rules: ReadonlyArray<readonly [string, string]>): string {
  let best: readonly [string, string] | null = null;
  for (const rule of rules) if (w.endsWith(rule[0]) && (best === null || rule[0].length > best[0].length)) best = rule;
  if (best === null) return w;
  const stem = w.slice(0, w.length - best[0].length);
  return measure(stem) > 0 ? stem + best[1] : w;
}

function step2(w: string): string {
  return replaceSuffix(w, STEP2);
}

function step3(w: string): string {
  return replaceSuffix(w, STEP3);
}

function step4(w: string): string {
  let suffix: string | null = null;
  for (const s of STEP4) if (w.endsWith(s) && (suffix === null || s.length > suffix.length)) suffix = s;
  if (suffix === null) return w;
  const stem = w.slice(0, w.length - suffix.length);
  if (measure(stem) <= 1) return w;
  if (suffix === "ion" && !/[st]$/.test(stem)) return w;
  return stem;
}

function step5(w: string): string {
  let out = w;
  if (out.endsWith("e")) {
    const stem = out.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) out = stem;
  }
  if (measure(out) > 1 && endsDoubleConsonant(out) && out.endsWith("l")) out = out.slice(0, -1);
  return out;
}
