/**
 * What a subscriber can narrow a digest to: arXiv categories, keywords (a saved search is
 * stored as its keyword phrase) and followed authors.
 */
export type DigestTopic =
  | { readonly kind: "category"; readonly value: string }
  | { readonly kind: "keyword"; readonly value: string }
  | { readonly kind: "author"; readonly value: string };

/** The paper fields topics match against. */
export interface TopicMatchable {
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly string[];
  readonly categories: readonly string[];
  readonly keywords: readonly string[];
}

/** An arXiv archive ("cs") or category ("cs.LG", "hep-th", "math.AG"). */
const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;
const MAX_TOPIC_LENGTH = 100;

/** Trims and checks a topic from user input; null when it cannot match anything sensibly. */
export function normalizeDigestTopic(topic: DigestTopic): DigestTopic | null {
  const value = topic.value.normalize("NFC").trim().replace(/\s+/g, " ");
  if (value.length === 0 || value.length > MAX_TOPIC_LENGTH) return null;
  if (topic.kind === "category") return CATEGORY.test(value) ? { kind: "category", value } : null;
  return { kind: topic.kind, value };
}

export function isTopicMatch(paper: TopicMatchable, topic: DigestTopic): boolean {
  switch (topic.kind) {
    case "category":
      return paper.categories.some((code) => isCategoryMatch(code, topic.value));
    case "keyword":
      return containsPhrase([paper.title, paper.abstract, ...paper.keywords].join("\n"), topic.value);
    case "author":
      return paper.authors.some((name) => normalizeName(name) === normalizeName(topic.value));
  }
}

/** "cs.LG" matches only cs.LG; an archive alone ("cs") matches all of its categories. */
function isCategoryMatch(code: string, wanted: string): boolean {
  return wanted.includes(".") ? code === wanted : code === wanted || code.startsWith(`${wanted}.`);
}

/** Case-insensitive whole-word phrase match: "GAN" does not match "organ". */
function containsPhrase(text: string, phrase: string): boolean {
  const words = foldCase(phrase).split(" ").map(escapeRegExp);
  // A trailing "s" on the last word is allowed: "transformer" finds "transformers".
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${words.join("[\\s-]+")}s?(?=$|[^\\p{L}\\p{N}])`, "u");
  return pattern.test(foldCase(text));
}

/** Authors compare without case, accents, dots or extra spaces: "J. Müller" = "j muller". */
function normalizeName(name: string): string {
  return foldCase(name).replace(/[.,]/g, " ").replace(/\s+/g, " ").trim();
}

function foldCase(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "cs.LG", "“diffusion”", "Yann LeCun": how a topic reads in the "why you got this" line. */
export function describeDigestTopic(topic: DigestTopic): string {
  return topic.kind === "keyword" ? `“${topic.value}”` : topic.value;
}
