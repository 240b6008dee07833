import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createLsaEmbedder } from "../../src/adapters/embeddings/lsa/lsa-embedder.js";
import type { LsaModel } from "../../src/adapters/embeddings/lsa/lsa-model.js";
import { trainLsaModel, type LsaTrainingProgress } from "../../src/adapters/embeddings/lsa/train-lsa-model.js";
import { dotProduct, generateTopicPapers, TOPIC_WORDS } from "./synthetic-topic-papers.js";

const papers = generateTopicPapers(200);
const texts = papers.map((paper) => `${paper.title}\n${paper.abstract}`);
const FIXED_NOW = () => new Date("2026-11-26T12:00:00Z");

describe("trainLsaModel and createLsaEmbedder", () => {
  let model: LsaModel;
  const progress: LsaTrainingProgress[] = [];
  before(async () => {
    model = await trainLsaModel(texts, {
      dimensions: 16,
      minDocumentFrequency: 2,
      now: FIXED_NOW,
      onProgress: (step) => progress.push(step),
    });
  });

  it("keeps the terms of at least minDocumentFrequency documents, stemmed", () => {
    assert.ok(model.vocabulary.includes("imag")); // "image"
    assert.ok(model.vocabulary.includes("protein"));
    assert.equal(model.vocabulary.length, model.idf.length);
    assert.equal(model.projection.length, model.vocabulary.length * 16);
    assert.equal(model.metadata.documents, 200);
    assert.equal(model.metadata.createdAt, "2026-11-26T12:00:00.000Z");
  });

  it("reports counting and factorizing progress", () => {
    assert.deepEqual(
      progress.filter((step) => step.phase === "factorizing").map((step) => step.done),
      [1, 2, 3],
    );
  });

  it("gives unit vectors that put papers of one topic nearer each other than papers of another", async () => {
    const embedder = createLsaEmbedder(model);
    const vectors = await embedder.embedDocuments(texts);
    for (const vector of vectors) assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-5);
    let sameTopic = 0;
    let otherTopic = 0;
    for (let i = 1; i < 40; i++) {
      const similarity = dotProduct(vectors[0]!, vectors[i]!);
      if (papers[i]!.topic === papers[0]!.topic) sameTopic = Math.max(sameTopic, similarity);
      else otherTopic = Math.max(otherTopic, similarity);
    }
    assert.ok(sameTopic > otherTopic + 0.3, `same topic ${sameTopic}, other topic ${otherTopic}`);
  });

  it("finds the topic of a query made of that topic's words", async () => {
    const embedder = createLsaEmbedder(model);
    const vectors = await embedder.embedDocuments(texts);
    const query = await embedder.embedQuery("quantum spin lattice");
    const best = vectors
      .map((vector, i) => ({ i, similarity: dotProduct(query, vector) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 10);
    assert.ok(best.every(({ i }) => papers[i]!.topic === "physics"));
  });

  it("gives the zero vector for a text without any known term", async () => {
    const embedder = createLsaEmbedder(model);
    const [vector] = await embedder.embedDocuments(["zebra xylophone\nunrelated tango"]);
    assert.ok(vector!.every((value) => value === 0));
    assert.equal(vector!.length, 16);
  });

  it("counts the title line more than the abstract in documents, but not in queries", async () => {
    const embedder = createLsaEmbedder(model);
    const text = `protein gene\n${TOPIC_WORDS.vision.join(" ")}`;
    const [document] = await embedder.embedDocuments([text]);
    const query = await embedder.embedQuery(text);
    const biology = await embedder.embedQuery("protein gene");
    assert.ok(dotProduct(document!, biology) > dotProduct(query, biology) + 0.05);
  });

  it("is deterministic for a seed: the same corpus and seed give the same id, another seed another", async () => {
    const again = await trainLsaModel(texts, { dimensions: 16, minDocumentFrequency: 2 });
    const otherSeed = await trainLsaModel(texts, { dimensions: 16, minDocumentFrequency: 2, seed: 99 });
    assert.deepEqual(again.projection, model.projection);
    assert.equal(createLsaEmbedder(again).id, createLsaEmbedder(model).id);
    assert.match(createLsaEmbedder(model).id, /^lsa-16-[0-9a-f]{12}$/);
    assert.notEqual(createLsaEmbedder(otherSeed).id, createLsaEmbedder(model).id);
  });

  it("accepts an async iterable of texts", async () => {
    async function* stream() {
      yield* texts;
    }
    const streamed = await trainLsaModel(stream(), { dimensions: 16, minDocumentFrequency: 2 });
    assert.deepEqual(streamed.projection, model.projection);
  });

  it("keeps the requested dimensions on a corpus smaller than them, padding with zero directions", async () => {
    const tiny = await trainLsaModel(texts.slice(0, 5), { dimensions: 16, minDocumentFrequency: 1 });
    const embedder = createLsaEmbedder(tiny);
    assert.equal(embedder.dimensions, 16);
    const [vector] = await embedder.embedDocuments([texts[0]!]);
    assert.ok(Math.abs(Math.hypot(...vector!) - 1) < 1e-5);
    assert.ok(vector!.slice(5).every((value) => value === 0));
  });

  it("refuses an empty corpus and a corpus without a common term", async () => {
    await assert.rejects(trainLsaModel([]), /empty corpus/);
    await assert.rejects(trainLsaModel(["alpha beta", "gamma delta"], { minDocumentFrequency: 2 }), /no term occurs/);
  });
});
