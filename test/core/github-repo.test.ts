import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findGithubRepo, normalizeGithubRepo } from "../../src/core/papers/github-repo.js";

describe("normalizeGithubRepo", () => {
  const cases: [string, string | null][] = [
    ["https://github.com/owner/repo", "owner/repo"],
    ["http://www.github.com/owner/repo.git", "owner/repo"],
    ["github.com/Owner-1/my.repo/tree/main/src", "Owner-1/my.repo"],
    ["git@github.com:owner/repo.git", "owner/repo"],
    ["git+https://github.com/owner/repo", "owner/repo"],
    ["owner/repo", "owner/repo"],
    ["https://github.com/owner/repo?tab=readme#usage", "owner/repo"],
    ["https://github.com/owner/repo).", "owner/repo"],
    ["https://github.com/owner", null],
    ["https://github.com/topics/llm", null],
    ["https://github.com/orgs/openai/repositories", null],
    ["https://gitlab.com/owner/repo", null],
    ["", null],
    ["-bad/repo", null],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(normalizeGithubRepo(input), expected));
  }
});

describe("findGithubRepo", () => {
  it("finds the first repository link in an abstract", () => {
    assert.equal(
      findGithubRepo("We release code at https://github.com/Kartik-3004/FaceMoE. See also github.com/other/repo."),
      "Kartik-3004/FaceMoE",
    );
  });
  it("skips links that are not repositories", () => {
    assert.equal(findGithubRepo("See https://github.com/topics/llm and https://github.com/a/b"), "a/b");
  });
  it("returns null without a link", () => {
    assert.equal(findGithubRepo("No code here."), null);
    assert.equal(findGithubRepo(null), null);
  });
});
