import assert from "node:assert/strict";
import { test } from "node:test";
import {
  describeDigestTopic,
  isTopicMatch,
  normalizeDigestTopic,
  type TopicMatchable,
} from "../../src/core/digests/digest-topics.js";

const PAPER: TopicMatchable = {
  title: "Scaling Diffusion Transformers",
  abstract: "We train GANs and diffusion-models at scale; see also Organ-on-chip.",
  authors: ["Zoë Ångström", "Yann LeCun"],
  categories: ["cs.CV", "cs.LG"],
  keywords: ["image generation"],
};

test("normalizeDigestTopic trims and rejects what cannot match", () => {
  assert.deepEqual(normalizeDigestTopic({ kind: "keyword", value: "  diffusion   model " }), {
    kind: "keyword",
    value: "diffusion model",
  });
  assert.deepEqual(normalizeDigestTopic({ kind: "category", value: "cs.LG" }), { kind: "category", value: "cs.LG" });
  assert.equal(normalizeDigestTopic({ kind: "category", value: "cs LG" }), null);
  assert.equal(normalizeDigestTopic({ kind: "category", value: "<script>" }), null);
  assert.equal(normalizeDigestTopic({ kind: "author", value: "   " }), null);
  assert.equal(normalizeDigestTopic({ kind: "keyword", value: "x".repeat(101) }), null);
});

test("keywords: whole words, any case, a plural s, hyphen or space between words, abstract and keywords too", () => {
  const matches = (value: string) => isTopicMatch(PAPER, { kind: "keyword", value });
  assert.equal(matches("transformer"), true);
  assert.equal(matches("GAN"), true);
  assert.equal(matches("diffusion model"), true);
  assert.equal(matches("image generation"), true);
  assert.equal(matches("organ"), true);
  assert.equal(matches("rgan"), false);
  assert.equal(matches("scal"), false);
  assert.equal(matches("(regex"), false, "regex syntax in a keyword is literal");
});

test("authors compare without case, accents or initials' dots; categories by code or archive", () => {
  assert.equal(isTopicMatch(PAPER, { kind: "author", value: "zoe angstrom" }), true);
  assert.equal(isTopicMatch(PAPER, { kind: "author", value: "Yann" }), false);
  assert.equal(isTopicMatch(PAPER, { kind: "category", value: "cs" }), true);
  assert.equal(isTopicMatch(PAPER, { kind: "category", value: "cs.LG" }), true);
  assert.equal(isTopicMatch(PAPER, { kind: "category", value: "cs.L" }), false);
  assert.equal(isTopicMatch(PAPER, { kind: "category", value: "stat" }), false);
});

test("describeDigestTopic quotes keywords only", () => {
  assert.equal(describeDigestTopic({ kind: "keyword", value: "diffusion" }), "“diffusion”");
  assert.equal(describeDigestTopic({ kind: "category", value: "cs.LG" }), "cs.LG");
});
