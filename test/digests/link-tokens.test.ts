import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  createLinkTokens,
  createPublicId,
  type LinkKey,
  type LinkPurpose,
} from "../../src/core/digests/link-tokens.js";

const KEY_OLD: LinkKey = { id: "k1", secret: Buffer.alloc(32, 1) };
const KEY_NEW: LinkKey = { id: "k2", secret: Buffer.alloc(32, 2) };
const NOW = new Date("2026-11-26T07:00:00Z");
const HOUR_MS = 3_600_000;
const PURPOSES: LinkPurpose[] = ["confirm", "unsubscribe", "manage", "export", "erase"];
const SUBJECT = createPublicId();

const tokens = createLinkTokens([KEY_NEW, KEY_OLD]);
const at = (ms: number) => new Date(NOW.getTime() + ms);

/** Replaces one character of part `index` (0 version, 1 kid, 2 payload, 3 mac) with another valid one. */
function flipCharacter(token: string, index: number, position: number): string {
  const parts = token.split(".");
  const part = parts[index]!;
  const char = part[position]!;
  parts[index] = part.slice(0, position) + (char === "A" ? "B" : "A") + part.slice(position + 1);
  return parts.join(".");
}

describe("link tokens", () => {
  for (const purpose of PURPOSES) {
    test(`round trip: ${purpose}`, () => {
      const token = tokens.sign({ purpose, subject: SUBJECT, list: "daily" }, NOW);
      const check = tokens.verify(token, purpose, at(1000));
      assert.ok(check.valid);
      assert.equal(check.claims.subject, SUBJECT);
      assert.equal(check.claims.list, "daily");
      assert.equal(check.claims.purpose, purpose);
      assert.match(token, /^v1\.k2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    });
  }

  test("the token holds no email address and no readable secret", () => {
    const token = tokens.sign({ purpose: "unsubscribe", subject: SUBJECT }, NOW);
    const payload = Buffer.from(token.split(".")[2]!, "base64url").toString();
    assert.doesNotMatch(payload, /@/);
    assert.deepEqual(Object.keys(JSON.parse(payload) as object).sort(), ["i", "p", "s"]);
  });

  test("a purpose cannot be swapped: an unsubscribe token does not confirm, export or erase", () => {
    const token = tokens.sign({ purpose: "unsubscribe", subject: SUBJECT }, NOW);
    for (const other of PURPOSES.filter((p) => p !== "unsubscribe")) {
      assert.deepEqual(tokens.verify(token, other, NOW), { valid: false }, other);
    }
  });

  test("a re-signed payload with another purpose code still fails without the key", () => {
    const token = tokens.sign({ purpose: "unsubscribe", subject: SUBJECT }, NOW);
    const parts = token.split(".");
    const body = JSON.parse(Buffer.from(parts[2]!, "base64url").toString()) as Record<string, unknown>;
    parts[2] = Buffer.from(JSON.stringify({ ...body, p: "x" })).toString("base64url");
    assert.deepEqual(tokens.verify(parts.join("."), "export", NOW), { valid: false });
  });

  test("a changed character anywhere in the payload or the MAC is rejected", () => {
    const token = tokens.sign({ purpose: "manage", subject: SUBJECT }, NOW);
    const [, , payload, mac] = token.split(".");
    for (let i = 0; i < payload!.length; i += 1)
      assert.equal(tokens.verify(flipCharacter(token, 2, i), "manage", NOW).valid, false);
    for (let i = 0; i < mac!.length; i += 1)
      assert.equal(tokens.verify(flipCharacter(token, 3, i), "manage", NOW).valid, false);
  });

  test("truncated, padded, non-base64 and unknown-version input is rejected", () => {
    const token = tokens.sign({ purpose: "manage", subject: SUBJECT }, NOW);
    const bad = [
      "",
      "v1",
      token.slice(0, -1),
      `${token}A`,
      `${token}.extra`,
      token.replace(/^v1/, "v2"),
      `${token.split(".").slice(0, 3).join(".")}.!!!!!!!!!!!!!!!!!!!!!!`,
      "v1.k2.%%%.%%%",
    ];
    for (const input of bad) assert.deepEqual(tokens.verify(input, "manage", NOW), { valid: false }, input);
  });

  test("confirm links expire after 7 days, export and erase after 1 hour", () => {
    const confirm = tokens.sign({ purpose: "confirm", subject: SUBJECT }, NOW);
    assert.equal(tokens.verify(confirm, "confirm", at(7 * 24 * HOUR_MS - 1000)).valid, true);
    assert.equal(tokens.verify(confirm, "confirm", at(7 * 24 * HOUR_MS + 60_000)).valid, false);
    for (const purpose of ["export", "erase"] as const) {
      const token = tokens.sign({ purpose, subject: SUBJECT }, NOW);
      assert.equal(tokens.verify(token, purpose, at(HOUR_MS - 1000)).valid, true);
      assert.equal(tokens.verify(token, purpose, at(HOUR_MS + 60_000)).valid, false);
    }
  });

  test("unsubscribe and manage links never expire", () => {
    for (const purpose of ["unsubscribe", "manage"] as const) {
      const token = tokens.sign({ purpose, subject: SUBJECT }, NOW);
      assert.equal(tokens.verify(token, purpose, at(10 * 365 * 24 * HOUR_MS)).valid, true);
    }
  });

  test("rotation: the newest key signs, an older key still verifies, an unknown key does not", () => {
    const oldOnly = createLinkTokens([KEY_OLD]);
    const oldToken = oldOnly.sign({ purpose: "unsubscribe", subject: SUBJECT }, NOW);
    assert.match(oldToken, /^v1\.k1\./);
    assert.equal(tokens.verify(oldToken, "unsubscribe", NOW).valid, true);
    const newOnly = createLinkTokens([KEY_NEW]);
    assert.equal(newOnly.verify(oldToken, "unsubscribe", NOW).valid, false);
    // Same key id, different secret: the MAC fails.
    const impostor = createLinkTokens([{ id: "k1", secret: Buffer.alloc(32, 9) }]);
    assert.equal(impostor.verify(oldToken, "unsubscribe", NOW).valid, false);
  });

  test("keys must be long, well named and distinct; subjects must be public ids", () => {
    assert.throws(() => createLinkTokens([]));
    assert.throws(() => createLinkTokens([{ id: "k1", secret: Buffer.alloc(31) }]), /32 bytes/);
    assert.throws(() => createLinkTokens([{ id: "k.1", secret: Buffer.alloc(32) }]));
    assert.throws(() => createLinkTokens([KEY_OLD, KEY_OLD]), /twice/);
    assert.throws(() => tokens.sign({ purpose: "unsubscribe", subject: "jane@example.net" }, NOW));
  });

  test("public ids are 128 random bits in base64url", () => {
    const ids = new Set(Array.from({ length: 1000 }, createPublicId));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  });
});
