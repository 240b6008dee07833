import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stemWord, tokenizeForLsa } from "../../src/adapters/embeddings/lsa/lsa-tokenizer.js";

describe("tokenizeForLsa", () => {
  it("lower-cases, splits hyphenated words and drops stop words, numbers and one-letter tokens", () => {
    assert.deepEqual(tokenizeForLsa("State-of-the-Art results on 2023 benchmarks: a GPT-4 study"), [
      "stat",
      "art",
      "result",
      "benchmark",
      "gpt",
      "study",
    ]);
  });

  it("keeps tokens that mix letters and digits, and folds accents", () => {
    assert.deepEqual(tokenizeForLsa("Schrödinger equations in 3D with ResNet50"), [
      "schrodinger",
      "equat",
      "3d",
      "resnet50",
    ]);
  });

  it("keeps non-Latin words", () => {
    assert.deepEqual(tokenizeForLsa("Модели языка"), ["модели", "языка"]);
  });

  it("gives nothing for text made only of stop words and numbers", () => {
    assert.deepEqual(tokenizeForLsa("It is 42, and they were 7 of them."), []);
  });
});

describe("stemWord", () => {
  const sameStem: string[][] = [
    ["model", "models", "modeling", "modelling", "modeled", "modelled"],
    ["learn", "learns", "learning", "learned"],
    ["embed", "embeds", "embedding", "embeddings", "embedded"],
    ["optimize", "optimizes", "optimized", "optimizing", "optimization", "optimisation", "optimizations"],
    ["operate", "operated", "operation", "operational"],
    ["use", "uses", "used", "using"],
    ["base", "based", "bases"],
    ["study", "studies", "studied", "studying"],
    ["process", "processes", "processing", "processed"],
    ["class", "classes"],
    ["tune", "tuned", "tuning"],
    ["bias", "biases"],
    ["image", "images", "imaging"],
  ];
  for (const words of sameStem) {
    it(`maps ${words.join(", ")} to one stem`, () => {
      const stems = new Set(words.map(stemWord));
      assert.equal(stems.size, 1, `stems: ${[...stems].join(", ")}`);
    });
  }

  it("keeps words whose endings are not inflections", () => {
    for (const word of ["corpus", "analysis", "loss", "thing", "need", "speed", "station", "attention"]) {
      assert.equal(stemWord(word), word);
    }
  });

  it("does not merge words that differ in meaning", () => {
    assert.notEqual(stemWord("fall"), stemWord("fail"));
    assert.notEqual(stemWord("general"), stemWord("generate"));
    assert.notEqual(stemWord("hopped"), stemWord("hoped"));
  });

  it("leaves short words and words with digits untouched", () => {
    assert.equal(stemWord("gas"), "gas");
    assert.equal(stemWord("llms"), "llm");
    assert.equal(stemWord("gpt4s"), "gpt4s");
  });
});
