import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTestApp, toSourceLines } from "../helpers/test-app.js";

/** 35 papers by one author, published a day apart, oldest first. */
function papersByOneAuthor(): string[] {
  return Array.from({ length: 35 }, (_, i) =>
    JSON.stringify({
      id: `2605.${String(70000 + i)}`,
      title: `Prolific paper number ${i}`,
      abstract: "Again.",
      authors: ["Prolific Author", `Coauthor ${i}`],
      categories: ["cs.LG"],
      published: new Date(Date.UTC(2026, 4, 1 + i)).toISOString().slice(0, 10),
    }),
  );
}

function titles(html: string): string[] {
  return [...html.matchAll(/<h2 class="card-title"><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]!);
}

describe("author pages", () => {
  it("list every paper of the author, newest first, 30 per page", async () => {
    const { app, request } = await createTestApp();
    await app.importer.importLines(toSourceLines(papersByOneAuthor()));
    const res = await request("/authors/Prolific%20Author");
    assert.equal(res.status, 200);
    const first = await res.text();
    assert.ok(first.includes("<h1>Prolific Author</h1>"));
    assert.ok(first.includes("35 papers in this hub, newest first."));
    const firstTitles = titles(first);
    assert.equal(firstTitles.length, 30);
    assert.equal(firstTitles[0], "Prolific paper number 34");
    assert.equal(firstTitles[29], "Prolific paper number 5");
    assert.ok(first.includes('<a href="/authors/Prolific%20Author?page=2" rel="next">'));

    const second = await (await request("/authors/Prolific%20Author?page=2")).text();
    assert.deepEqual(
      titles(second),
      [4, 3, 2, 1, 0].map((n) => `Prolific paper number ${n}`),
    );
    assert.ok(second.includes('<a href="/authors/Prolific%20Author" rel="prev">'));

    assert.equal((await request("/authors/Prolific%20Author?page=3")).status, 404);
    assert.equal((await request("/authors/Prolific%20Author?page=zero")).status, 400);
  });

  it("match the name in any case", async () => {
    const { request } = await createTestApp();
    const res = await request("/authors/grace%20hopper");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes("Star Growth for Testing"));
    assert.ok(html.includes("<h1>Grace Hopper</h1>"), "the name as the paper spells it");
  });
});
