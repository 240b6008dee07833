import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseOptions } from "@node-rs/argon2";
import { createArgon2PasswordHasher } from "../../src/adapters/passwords/argon2-password-hasher.js";

describe("argon2 password hasher", () => {
  const hasher = createArgon2PasswordHasher();

  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hasher.hash("correct horse battery staple");
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await hasher.verify(hash, "correct horse battery staple"), true);
    assert.equal(await hasher.verify(hash, "Correct horse battery staple"), false);
    assert.equal(await hasher.verify("not a hash", "anything"), false, "a malformed hash is a mismatch, not a throw");
  });

  it("keeps the timing dummy in step with the hashing parameters", async () => {
    const fresh = parseOptions(await hasher.hash("x"));
    const dummy = parseOptions(hasher.dummyHash);
    assert.deepEqual(
      { ...dummy, salt: undefined, hash: undefined },
      { ...fresh, salt: undefined, hash: undefined },
      "regenerate TIMING_DUMMY_HASH when ARGON2_OPTIONS change",
    );
    assert.equal(await hasher.verify(hasher.dummyHash, "correct horse battery staple"), false);
  });
});
