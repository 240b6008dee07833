import { mulberry32 } from "../../../lib/seeded-random.js";

/**
 * A seeded pseudo-random source, so that training the same corpus with the same seed gives the same model byte for
 * byte (Math.random cannot be seeded). Mulberry32 is fast and good enough for a random projection's test matrix.
 * @see https://gist.github.com/tommyettinger/46a874533244883189143505d203312c (Mulberry32)
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  nextUniform(): number;
  /** Standard normal (mean 0, variance 1). */
  nextGaussian(): number;
}

export function createSeededRandom(seed: number): SeededRandom {
  const nextUniform = mulberry32(seed);
  // Box–Muller: two uniforms give one normal (the second one is discarded to keep the state simple).
  const nextGaussian = (): number => {
    const u = 1 - nextUniform(); // in (0, 1], so the logarithm is finite
    const v = nextUniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { nextUniform, nextGaussian };
}
