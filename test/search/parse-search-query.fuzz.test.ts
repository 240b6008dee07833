import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { parseSearchQuery } from "../../src/core/search/parse-search-query.js";
import { toFts5Match } from "../../src/core/search/to-fts5-match.js";
import { createRandom, randomInput } from "../helpers/hostile-queries.js";

/**
 * Feeds 100,000 random and hostile inputs through the parser and the FTS5 compiler, and every
 * MATCH string it produces into a real FTS5 table: no input may throw, hang, or reach FTS5 as
 * anything but quoted strings joined by our own operators.
 */

const INPUT_COUNT = 100_000;
const SEED = 0x5eed_2024;
/** The whole run; measured at about 5 s on a 2-core machine, so this catches blow-ups only. */
const RUN_BUDGET_MS = 30_000;

/**
 * Accepts exactly the subset of the FTS5 query grammar that toFts5Match may emit: strings of
 * letter-and-digit tokens separated by single spaces, an optional ` *` after a string, and
 * AND / OR / NOT / parentheses between them.
 * @see https://www.sqlite.org/fts5.html#full_text_query_syntax
 */
function isSafeFts5Match(match: string): boolean {
  const lexemes = match.match(/"(?:[^"]|"")*"|\*|\(|\)|AND|OR|NOT|\s+|./gsu) ?? [];
  const tokens = lexemes.filter((lexeme) => !/^\s+$/u.test(lexeme));
  let position = 0;
  const peek = () => tokens[position];
  const parsePrimary = (): boolean => {
    const token = tokens[position++];
    if (token === "(") return parseExpression() && tokens[position++] === ")";
    if (token === undefined || !/^"[\p{L}\p{N}][\p{L}\p{N}\p{M}]*( [\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*"$/u.test(token)) {
      return false;
    }
    if (peek() === "*") position++;
    return true;
  };
  const parseExpression = (): boolean => {
    if (!parsePrimary()) return false;
    while (peek() === "AND" || peek() === "OR" || peek() === "NOT") {
      position++;
      if (!parsePrimary()) return false;
    }
    return true;
  };
  return parseExpression() && position === tokens.length;
}

describe("parseSearchQuery fuzz", () => {
  let db: Database.Database;
  before(() => {
    db = new Database(":memory:");
    db.exec("CREATE VIRTUAL TABLE t USING fts5(title, abstract, tokenize='porter unicode61 remove_diacritics 2')");
    const insert = db.prepare("INSERT INTO t (title, abstract) VALUES (?, ?)");
    insert.run("Diffusion models beat GANs", "We study denoising diffusion for image synthesis.");
    insert.run("Attention is all you need", "The Transformer, based solely on attention mechanisms.");
    insert.run("深度学习 and مرحبا", "Ünïcödé text with emoji 🙂 and GPT-4.");
  });
  after(() => db.close());

  it("accepts the validator's own examples", () => {
    assert.ok(isSafeFts5Match('("a" OR "b c" *) AND "d" NOT ("e" OR "f")'));
    assert.ok(!isSafeFts5Match('"a" NEAR("b")'));
    assert.ok(!isSafeFts5Match('title:"a"'));
    assert.ok(!isSafeFts5Match('"a""b"'));
    assert.ok(!isSafeFts5Match('"a" AND'));
  });

  it(`survives ${INPUT_COUNT} random and hostile inputs`, () => {
    const random = createRandom(SEED);
    const search = db.prepare("SELECT rowid FROM t WHERE t MATCH ?");
    const started = performance.now();
    let matched = 0;
    for (let i = 0; i < INPUT_COUNT; i++) {
      const input = randomInput(random);
      const context = `input #${i}: ${JSON.stringify(input.slice(0, 200))}`;
      const parsed = parseSearchQuery(input);
      assert.ok(parsed.error === null || parsed.tree === null, context);
      const match = toFts5Match(parsed.tree, { prefixLast: random() < 0.5 });
      if (match === null) continue;
      assert.ok(isSafeFts5Match(match), `${context} gave ${match}`);
      assert.doesNotThrow(() => search.all(match), `${context} gave ${match}`);
      matched++;
    }
    const elapsedMs = performance.now() - started;
    assert.ok(matched > INPUT_COUNT / 4, `only ${matched} inputs produced a MATCH`);
    assert.ok(elapsedMs < RUN_BUDGET_MS, `took ${Math.round(elapsedMs)} ms`);
  });
});
