import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { porterStem, porterTokens } from "../../src/adapters/storage/sqlite/search/porter-tokens.js";

/**
 * The pruned keyword search scores candidates from tokens computed in JavaScript, so they
 * must be the tokens FTS5 itself stores. Compared here with FTS5's own tokenizer on the
 * bundled sample's real titles and abstracts.
 */

const SAMPLE = new URL("../../sample-data/papers.jsonl.gz", import.meta.url);
const PAPERS = 3_000;

function sampleTexts(): string[] {
  const lines = gunzipSync(readFileSync(SAMPLE)).toString("utf8").split("\n").slice(0, PAPERS);
  return lines
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const record = JSON.parse(line) as { title: string; abstract?: string; summary?: string };
      return `${record.title}\n${record.abstract ?? record.summary ?? ""}`;
    });
}

function fts5Tokens(texts: readonly string[]): string[][] {
  const db = new Database(":memory:");
  db.exec(`CREATE VIRTUAL TABLE t USING fts5 (text, tokenize = 'porter unicode61 remove_diacritics 2');
           CREATE VIRTUAL TABLE v USING fts5vocab (t, 'instance');`);
  const insert = db.prepare("INSERT INTO t (rowid, text) VALUES (?, ?)");
  db.transaction(() => texts.forEach((text, i) => insert.run(i + 1, text)))();
  const tokens: string[][] = texts.map(() => []);
  const rows = db.prepare("SELECT doc, term FROM v ORDER BY doc, offset").all() as Array<{ doc: number; term: string }>;
  for (const row of rows) tokens[row.doc - 1]?.push(row.term);
  db.close();
  return tokens;
}

describe("porterTokens", () => {
  it("tokenizes real titles and abstracts exactly as FTS5's porter tokenizer does", () => {
    const texts = sampleTexts();
    const expected = fts5Tokens(texts);
    const differing = texts.filter((text, i) => porterTokens(text).join(" ") !== expected[i]?.join(" "));
    assert.equal(texts.length > 2_000, true, "the sample should provide thousands of texts");
    assert.deepEqual(differing.slice(0, 3), [], `${differing.length} of ${texts.length} texts tokenize differently`);
  });

  it("handles diacritics, case, digits and non-Latin scripts like unicode61", () => {
    const texts = ["Schrödinger ÉQUATIONS naïve café", "GPT-4o, 3D-aware NeRFs (2024)", "深度学习 Ελληνικά données"];
    assert.deepEqual(
      texts.map((text) => porterTokens(text)),
      fts5Tokens(texts),
    );
  });

  it("stems with Porter's rules and leaves very short or long tokens alone", () => {
    assert.equal(porterStem("generalization"), "gener");
    assert.equal(porterStem("running"), "run");
    assert.equal(porterStem("ponies"), "poni");
    assert.equal(porterStem("is"), "is");
    const long = "a".repeat(70) + "ing";
    assert.equal(porterStem(long), long);
  });
});
