import { type Algorithm, hash, verify } from "@node-rs/argon2";
import type { PasswordHasher } from "../../core/accounts/ports.js";

/** The library's `Algorithm.Argon2id`; its `const enum` cannot be read under isolatedModules. */
const ARGON2ID = 2 as Algorithm;

/**
 * OWASP's first recommended argon2id setting: 19 MiB of memory, 2 passes, 1 lane.
 * A hash takes tens of milliseconds, every one of them spent by an attacker too.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
 */
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * The hash of a random password nobody kept, made once with ARGON2_OPTIONS: checking a
 * password against it costs what checking a real account costs.
 */
const TIMING_DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$7Mthmnj0DkvTVIagPGxYAQ$m3xiA8Gz37Iugf78uGldjnenAoV9uBiwCS7Oe2M0deU";

export function createArgon2PasswordHasher(): PasswordHasher {
  return {
    dummyHash: TIMING_DUMMY_HASH,
    hash: (password) => hash(password, ARGON2_OPTIONS),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false; // a malformed stored hash is a failed sign-in, not a 500
      }
    },
  };
}
