import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findGithubProjectPage, findGithubRepo, normalizeGithubRepo } from "../../src/core/papers/github-repo.js";

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
    // Spellings seen in abstracts, comments and metadata.
    ["HTTPS://GITHUB.COM/Owner/Repo", "Owner/Repo"],
    ["https://www.github.com/owner/repo/", "owner/repo"],
    ["https://github.com/owner/repo.git.", "owner/repo"],
    ["https://github.com/owner/repo.git)", "owner/repo"],
    ["https://github.com/owner/repo...", "owner/repo"],
    ["https://github.com/owner/repo}", "owner/repo"],
    ["https://github.com/owner/repo>", "owner/repo"],
    ['"https://github.com/owner/repo"', "owner/repo"],
    ["(https://github.com/owner/repo)", "owner/repo"],
    ["<https://github.com/owner/repo>", "owner/repo"],
    ["https://github.com/owner/repo/blob/main/README.md", "owner/repo"],
    ["https://github.com/owner/repo/tree/v1.0/configs/base.yaml", "owner/repo"],
    ["https://github.com/owner/repo/releases/tag/v2", "owner/repo"],
    ["https://github.com/owner/repo (official)", "owner/repo"],
    ["https://github.com/owner/.github", "owner/.github"],
    ["https://github.com/owner/my_repo-2.0", "owner/my_repo-2.0"],
    ["https://github.com/owner/repo%29", "owner/repo"],
    ["https://github.com/owner%2Frepo", "owner/repo"],
    ["https%3A%2F%2Fgithub.com%2Fowner%2Frepo", "owner/repo"],
    ["https://github.com/owner/my%2Drepo", "owner/my-repo"],
    ["\\url{https://github.com/owner/repo}", "owner/repo"],
    ["https://github.com/owner/my\\_repo", "owner/my_repo"],
    ["https://github.com/owner/my{\\_}repo", "owner/my_repo"],
    // Not repositories.
    ["https://github.com/owner/", null],
    ["https://github.com/owner?tab=repositories", null],
    ["https://github.com/sponsors/someone", null],
    ["https://github.com/features/copilot", null],
    ["https://github.com/marketplace/actions/checkout", null],
    ["https://github.com/users/someone/projects/1", null],
    ["https://github.com/settings/tokens", null],
    ["https://gist.github.com/owner/0123abcd", null],
    ["https://api.github.com/repos/owner/repo", null],
    ["https://owner.github.io/repo", null],
    ["owner.github.io/repo", null],
    ["https://github.com/owner/..", null],
    ["owner/repo extra", null],
    [`https://github.com/${"a".repeat(40)}/repo`, null],
    [`https://github.com/owner/${"r".repeat(101)}`, null],
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

  const texts: [string, string | null][] = [
    ["Code: \\url{https://github.com/owner/repo}.", "owner/repo"],
    ["\\href{https://github.com/owner/repo}{this URL}", "owner/repo"],
    ["Code and data: \\url{https://github.com/owner/long\\_name\\_here}", "owner/long_name_here"],
    ["(code at https://github.com/owner/repo)", "owner/repo"],
    ["[code](https://github.com/owner/repo/tree/main/src), [paper](https://arxiv.org)", "owner/repo"],
    ["Available at github.com/owner/repo.git; weights on HF.", "owner/repo"],
    ["Clone git@github.com:owner/repo.git to start", "owner/repo"],
    ["link: https%3A%2F%2Fgithub.com%2Fowner%2Frepo%20and more", "owner/repo"],
    ["see https://github.com/owner/repo%29.", "owner/repo"],
    ["Project: https://owner.github.io/repo and https://github.com/owner/code", "owner/code"],
    ["Snippet https://gist.github.com/someone/abc123, code https://github.com/a/b", "a/b"],
    ["Sponsored by https://github.com/sponsors/x; see http://github.com/x", null],
    ["Built with https://github.com/marketplace and https://github.com/orgs/x/people", null],
    ["API at https://api.github.com/repos/owner/repo", null],
    ["The code is available atgithub.com/owner/repo.", "owner/repo"],
    ["Code is available at https://github.com//owner/repo.", "owner/repo"],
    ["Write to someone@github.com/owner/repo", null],
    ["Only a project page: https://owner.github.io/repo/", null],
    ["Our GitHub: https://github.com/owner", null],
  ];
  for (const [text, expected] of texts) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(findGithubRepo(text), expected));
  }
});

describe("findGithubProjectPage", () => {
  const texts: [string, string | null][] = [
    ["Project page: https://NVlabs.github.io/instant-ngp/.", "https://nvlabs.github.io/instant-ngp/"],
    ["see owner.github.io/repo)", "https://owner.github.io/repo/"],
    ["https://owner.github.io", "https://owner.github.io/"],
    ["https://owner.github.io/index.html", "https://owner.github.io/"],
    ["Code: https://github.com/owner/repo", null],
    [" no page ", null],
  ];
  for (const [text, expected] of texts) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(findGithubProjectPage(text), expected));
  }
});
