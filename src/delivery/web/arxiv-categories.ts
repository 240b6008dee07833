/**
 * The categories offered in the trending filter: arXiv's busiest, grouped by archive.
 * A group code alone (`cs`) matches every category in it. Other well-formed codes still
 * work from the URL; the filter form then adds them as an extra option.
 * @see https://arxiv.org/category_taxonomy
 */
export const ARXIV_CATEGORY_GROUPS: readonly {
  readonly label: string;
  readonly categories: readonly (readonly [code: string, name: string])[];
}[] = [
  {
    label: "Computer science",
    categories: [
      ["cs", "All of computer science"],
      ["cs.AI", "Artificial intelligence"],
      ["cs.CL", "Computation and language"],
      ["cs.CV", "Computer vision"],
      ["cs.LG", "Machine learning"],
      ["cs.RO", "Robotics"],
      ["cs.IR", "Information retrieval"],
      ["cs.NE", "Neural and evolutionary computing"],
      ["cs.MA", "Multiagent systems"],
      ["cs.HC", "Human-computer interaction"],
      ["cs.CR", "Cryptography and security"],
      ["cs.SE", "Software engineering"],
      ["cs.DC", "Distributed computing"],
      ["cs.GR", "Graphics"],
      ["cs.SD", "Sound"],
    ],
  },
  {
    label: "Electrical engineering",
    categories: [
      ["eess.AS", "Audio and speech processing"],
      ["eess.IV", "Image and video processing"],
      ["eess.SP", "Signal processing"],
    ],
  },
  {
    label: "Statistics and mathematics",
    categories: [
      ["stat.ML", "Machine learning (statistics)"],
      ["math.OC", "Optimization and control"],
      ["math.ST", "Statistics theory"],
      ["math", "All of mathematics"],
    ],
  },
  {
    label: "Other sciences",
    categories: [
      ["physics", "Physics"],
      ["quant-ph", "Quantum physics"],
      ["q-bio", "Quantitative biology"],
      ["q-fin", "Quantitative finance"],
      ["econ", "Economics"],
    ],
  },
];

/** An arXiv category or archive code, as paper records store them (cs.LG, hep-th, math). */
const CATEGORY_CODE = /^[a-z][a-z-]{0,19}(?:\.[A-Za-z-]{1,20})?$/;

export function isCategoryCode(input: string): boolean {
  return CATEGORY_CODE.test(input);
}

export function isOfferedCategory(code: string): boolean {
  return ARXIV_CATEGORY_GROUPS.some((g) => g.categories.some(([c]) => c === code));
}
