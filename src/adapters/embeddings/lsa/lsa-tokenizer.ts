/**
 * Turns paper text into the terms the LSA model counts: lower-case Unicode words, accents folded, stop words and
 * numbers dropped, and a small suffix-stripping stemmer so that "models", "modelling" and "modeled" count as one term.
 * The stemmer is deliberately simpler than Porter's: it only has to map the common inflections of one word onto the
 * same term; an occasional odd stem ("bas" for "based") costs nothing because stems are never shown to anyone.
 */

const MIN_TOKEN_LENGTH = 2;
/** Stems shorter than this are left alone: stripping "ing" from "sing" would leave nothing meaningful. */
const MIN_STEM_LENGTH = 3;

// Function words that carry no topic. Short on purpose: domain words ("model", "method") are left to idf.
const STOP_WORDS = new Set(
  (
    "a about above after again against all also although am among an and any are as at be because been before being " +
    "below between both but by can could did do does doing done down during each either else et etc few for from " +
    "further had has have having he her here hers herself him himself his how however i if in into is it its itself " +
    "just may me might more most must my myself no nor not now of off on once only or other our ours ourselves out " +
    "over own per same she should since so some such than that the their theirs them themselves then there these they " +
    "this those through thus to too under until up upon us very via was we were what when where whether which while " +
    "who whom whose why will with within without would yet you your yours yourself yourselves"
  ).split(" "),
);

// Words whose final "s" is not a plural; without this "bias" and "biases" would stem apart.
const KEEP_FINAL_S = new Set(["bias", "gas", "alias", "atlas", "lens", "news", "canvas", "chaos", "thermos", "pathos"]);

// Words that end in "ed" without being past tenses ("embed" would otherwise become "emb", unlike "embedding").
const KEEP_ED = new Set(["embed", "imbed", "hundred"]);

const WORD_PATTERN = /[\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;
const ONLY_DIGITS = /^\p{N}+$/u;
const VOWELS = /[aeiouy]/;

const NON_ASCII = /[\u0080-\uffff]/;
/** Distinct words remembered per tokenizer; a corpus has far fewer, so this only bounds a pathological input. */
const MAX_CACHED_STEMS = 200_000;

/** Splits text into LSA terms; the instance remembers stems it has computed (stemming is most of the cost). */
export type LsaTokenizer = (text: string) => string[];

export function createLsaTokenizer(): LsaTokenizer {
  const stems = new Map<string, string>();
  const stemCached = (word: string): string => {
    let stem = stems.get(word);
    if (stem === undefined) {
      stem = stemWord(word);
      if (stems.size < MAX_CACHED_STEMS) stems.set(word, stem);
    }
    return stem;
  };
  return (text) => tokenize(text, stemCached);
}

/** The terms of `text`, in order, repeated as often as they occur. */
export function tokenizeForLsa(text: string): string[] {
  return tokenize(text, stemWord);
}

function tokenize(text: string, stem: (word: string) => string): string[] {
  const terms: string[] = [];
  // Accent folding only where there can be accents: normalising every ASCII abstract costs time for nothing.
  const folded = (NON_ASCII.test(text) ? text.normalize("NFKD").replace(COMBINING_MARKS, "") : text).toLowerCase();
  for (const match of folded.matchAll(WORD_PATTERN)) {
    const word = match[0];
    if (word.length < MIN_TOKEN_LENGTH || STOP_WORDS.has(word) || ONLY_DIGITS.test(word)) continue;
    const term = stem(word);
    if (term.length >= MIN_TOKEN_LENGTH) terms.push(term);
  }
  return terms;
}

/** A lower-case word reduced to its stem: plural, then -ed/-ing, then -ation/-ization, then a final -e. */
export function stemWord(word: string): string {
  if (word.length <= MIN_STEM_LENGTH || /\d/.test(word)) return word;
  let stem = stripPlural(word);
  stem = stripVerbEnding(stem);
  stem = stripNominalisation(stem);
  return stripFinalE(stem);
}

function stripPlural(word: string): string {
  if (KEEP_FINAL_S.has(word)) return word;
  if (word.endsWith("sses")) return word.slice(0, -2); // classes → class
  if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y"; // studies → study
  if (/(ss|us|is)$/.test(word)) return word; // loss, corpus, analysis
  if (word.endsWith("s") && word.length > 3) return word.slice(0, -1);
  return word;
}

function stripVerbEnding(word: string): string {
  if (word.endsWith("eed") || KEEP_ED.has(word)) return word; // need, speed, exceed: the "ed" is not an ending
  const ending = word.endsWith("ing") ? "ing" : word.endsWith("ed") ? "ed" : null;
  if (ending === null) return word;
  let stem = word.slice(0, -ending.length);
  if (!VOWELS.test(stem)) return word; // thing, bed, red
  if (ending === "ed" && stem.endsWith("i")) return stem.slice(0, -1) + "y"; // studied → study
  // used → use, based → base, enabled → enable, optimized → optimize: the same term as the bare verb.
  if (stem.length < MIN_STEM_LENGTH || isShortConsonantVowelConsonant(stem) || /(at|bl|iz)$/.test(stem)) {
    return stem + "e";
  }
  if (hasStrippableDoubleConsonant(stem)) stem = stem.slice(0, -1); // embedded → embed, modelling → model
  return stem;
}

// Porter's "short word" test: bas(e), tun(e), hop(e), but not fix or aim.
function isShortConsonantVowelConsonant(stem: string): boolean {
  return stem.length === MIN_STEM_LENGTH && /^[^aeiou][aeiou][^aeiouwxy]$/.test(stem);
}

// "passing" keeps its "ss"; a short stem keeps its "ll" ("falling" → "fall", but "modelling" → "model").
function hasStrippableDoubleConsonant(stem: string): boolean {
  const last = stem.at(-1) ?? "";
  if (last !== stem.at(-2) || VOWELS.test(last) || last === "s" || last === "z") return false;
  return last !== "l" || stem.length > 4;
}

function stripNominalisation(word: string): string {
  // optimization → optimize → (final e) optimiz, the same term as "optimize" and "optimized".
  for (const [suffix, replacement] of [
    ["ization", "ize"],
    ["isation", "ize"],
    ["ational", "ate"],
    ["ation", "ate"],
  ] as const) {
    if (word.endsWith(suffix) && word.length - suffix.length >= MIN_STEM_LENGTH) {
      return word.slice(0, -suffix.length) + replacement;
    }
  }
  return word;
}

function stripFinalE(word: string): string {
  return word.endsWith("e") && word.length > MIN_STEM_LENGTH + 1 ? word.slice(0, -1) : word;
}
