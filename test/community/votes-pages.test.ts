import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { STARRED_ID, type CommunityBench, startCommunityBench } from "./community-bench.js";

/** The vote form of one paper on a page, or undefined. */
function voteForm(html: string, paperId: string): string | undefined {
  return [...html.matchAll(/<form method="post" action="\/votes"[\s\S]*?<\/form>/g)]
    .map((m) => m[0])
    .find((form) => form.includes(`data-vote-paper="${paperId}"`));
}

function hiddenFields(form: string): Record<string, string> {
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
      m[1]!,
      m[2]!.replaceAll("&amp;", "&"),
    ]),
  );
}

describe("the upvote button without JavaScript", () => {
  let t: CommunityBench;
  let cookie: Record<string, string>;
  before(async () => {
    t = await startCommunityBench();
    const { headers } = await t.signIn("reader");
    cookie = { cookie: headers.cookie! };
  });
  after(() => t.app.close());

  const page = async (path: string, headers: Record<string, string> = cookie) =>
    (await t.request(path, { headers })).text();
  const postForm = (fields: Record<string, string>, headers: Record<string, string> = cookie) =>
    t.request("/votes", {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  it("offers signed-out visitors the count and a link to log in, back to the same page", async () => {
    const html = await page("/papers/date/2026-06-03", {});
    assert.equal(voteForm(html, STARRED_ID), undefined);
    assert.match(
      html,
      /<a class="vote-button" href="\/login\?next=%2Fpapers%2Fdate%2F2026-06-03" title="Log in to upvote">/,
    );
    assert.match(html, /data-count="42">42 upvotes</);
  });

  it("votes and unvotes through the form, landing back on the page it came from", async () => {
    const before = voteForm(await page(`/papers/${STARRED_ID}`), STARRED_ID)!;
    assert.ok(before, "a vote form on the paper page");
    assert.match(before, /aria-pressed="false"/);
    assert.match(before, /42 upvotes/);
    const fields = hiddenFields(before);
    assert.deepEqual(
      { ...fields, _csrf: "…" },
      { _csrf: "…", paper: STARRED_ID, voted: "true", next: `/papers/${STARRED_ID}` },
    );

    const voted = await postForm(fields);
    assert.equal(voted.status, 303);
    assert.equal(voted.headers.get("location"), `/papers/${STARRED_ID}`);
    const after = voteForm(await page(`/papers/${STARRED_ID}`), STARRED_ID)!;
    assert.match(after, /aria-pressed="true"/);
    assert.match(after, /43 upvotes/);
    assert.equal(hiddenFields(after).voted, "false");

    const again = await postForm(fields);
    assert.equal(again.status, 303, "the same form sent twice sets the same vote");
    assert.equal((await t.app.storage.papers.findPaper(STARRED_ID))!.upvotes, 43);

    assert.equal((await postForm(hiddenFields(after))).status, 303);
    assert.equal((await t.app.storage.papers.findPaper(STARRED_ID))!.upvotes, 42);
  });

  it("shows the viewer's votes on list cards, and returns to the list with its query", async () => {
    const list = "/papers/date/2026-06-03?sort=publishedAt";
    const form = voteForm(await page(list), STARRED_ID)!;
    const fields = hiddenFields(form);
    assert.equal(fields.next, list);
    assert.equal((await postForm(fields)).headers.get("location"), list);
    assert.match(voteForm(await page(list), STARRED_ID)!, /aria-pressed="true"/);
    assert.match(voteForm(await page("/?window=month"), STARRED_ID) ?? "", /aria-pressed="true"/);
    await postForm({ ...fields, voted: "false" });
  });

  it("sends a form's vote back only to a path on this site", async () => {
    const token = hiddenFields(voteForm(await page(`/papers/${STARRED_ID}`), STARRED_ID)!)._csrf!;
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const res = await postForm({ _csrf: token, paper: STARRED_ID, voted: "false", next });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/", next);
    }
  });

  it("refuses without the CSRF token, and explains refusals on a page", async () => {
    const token = hiddenFields(voteForm(await page(`/papers/${STARRED_ID}`), STARRED_ID)!)._csrf!;
    assert.equal((await postForm({ paper: STARRED_ID, voted: "true" })).status, 403);
    const unknown = await postForm({ _csrf: token, paper: "2912.99999", voted: "true" });
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /No such paper\./);
    const bad = await postForm({ _csrf: token, paper: "<script>", voted: "true" });
    assert.equal(bad.status, 400);
    assert.ok(!(await bad.text()).includes("<script>"));
    assert.equal((await postForm({ _csrf: token, paper: STARRED_ID, voted: "maybe" })).status, 400);
    assert.equal((await t.app.storage.papers.findPaper(STARRED_ID))!.upvotes, 42);
  });

  it("shows an unconfirmed account why it cannot vote, and refuses its form", async () => {
    const headers = await t.signInUnconfirmed("unsure");
    const html = await page(`/papers/${STARRED_ID}`, { cookie: headers.cookie });
    assert.equal(voteForm(html, STARRED_ID), undefined);
    assert.match(html, /<span class="vote-button" title="Confirm your email address to upvote.">/);
    const res = await postForm(
      { _csrf: headers["x-csrf-token"], paper: STARRED_ID, voted: "true" },
      { cookie: headers.cookie },
    );
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Confirm your email address first\./);
  });

  it("names who submitted each paper on the daily list, and offers signed-in readers to submit", async () => {
    const html = await page("/papers/date/2026-06-03");
    assert.match(html, /<p class="submitted-by">Submitted by <a href="\/users\/alice">alice<\/a><\/p>/);
    assert.match(html, /<a class="submit-link" href="\/submit">Submit a paper<\/a>/);
    assert.match(html, /<a href="\/submit">Submit<\/a>/, "in the header too");
    const hostile = await page("/papers/date/2026-06-29");
    assert.ok(
      hostile.includes('Submitted by <a href="/users/%3Cb%3Emallory%3C%2Fb%3E">&lt;b&gt;mallory&lt;/b&gt;</a>'),
    );
    assert.ok(!(await page("/papers/date/2026-06-03", {})).includes('href="/submit"'), "not for signed-out visitors");
  });
});
