// Small synthetic corpora for LSA tests: each paper draws most of its words from one topic's word list, so a
// model trained on them must place papers of one topic near each other. Seeded, so every run sees the same texts.

export const TOPIC_WORDS = {
  vision: "image pixel convolution segmentation detection camera video object scene depth optical lens".split(" "),
  language: "text translation token sentence grammar parsing corpus word dialogue speech lexicon syntax".split(" "),
  physics: "quantum particle spin magnetic lattice energy field photon boson fermion entanglement collider".split(" "),
  biology: "protein gene cell dna enzyme sequence tissue molecule genome receptor mutation organism".split(" "),
} as const;

export type Topic = keyof typeof TOPIC_WORDS;

const SHARED_WORDS = "novel method result analysis framework approach performance evaluate propose benchmark".split(
  " ",
);

export interface SyntheticPaper {
  readonly topic: Topic;
  readonly title: string;
  readonly abstract: string;
}

export function generateTopicPapers(count: number, seed = 7): SyntheticPaper[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pick = (words: readonly string[]) => words[Math.floor(next() * words.length)]!;
  const topics = Object.keys(TOPIC_WORDS) as Topic[];
  return Array.from({ length: count }, (_, i) => {
    const topic = topics[i % topics.length]!;
    const words = TOPIC_WORDS[topic];
    const title = Array.from({ length: 4 }, () => pick(words)).join(" ");
    const abstract = Array.from({ length: 40 }, () => (next() < 0.75 ? pick(words) : pick(SHARED_WORDS))).join(" ");
    return { topic, title, abstract };
  });
}

export function dotProduct(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
