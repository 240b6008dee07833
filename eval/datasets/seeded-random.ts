import { mulberry32 } from "../../src/lib/seeded-random.js";

// Deterministic sampling for the evaluation datasets: the same seed picks the same items on
// every machine, whatever order the input comes in.

/** 32-bit FNV-1a hash of a string, the seed of the generator. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Uniform numbers in [0, 1) from a string seed (Mulberry32, src/lib/seeded-random.ts). */
export function createSeededRandom(seed: string): () => number {
  return mulberry32(hashSeed(seed));
}

/**
 * The items in a seeded random order (Fisher–Yates). Items are first sorted by `key`, so
 * the result does not depend on the input order.
 */
export function seededShuffle<T>(items: readonly T[], seed: string, key: (item: T) => string): T[] {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const random = createSeededRandom(seed);
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j] as T, sorted[i] as T];
  }
  return sorted;
}
