import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeBibtex } from "../../src/delivery/web/paper-bibtex.js";
import { escapeMarkdown } from "../../src/delivery/web/paper-markdown.js";
import { escapeXml, wrapText } from "../../src/delivery/web/paper-thumbnail.js";
import { HOSTILE_PAPER, STARRED_PAPER, createTestApp, toSourceLines } from "../helpers/test-app.js";

const SPECIAL_PAPER = {
  id: "2606.07777",
  title: "100% of {braces}, under_scores & #tags ~ ^ with $\\frac{a}{b}$ and $x}$",
  abstract: "Plain.",
  authors: ["José Müller-Lüdenscheidt", "B. Second"],
  categories: ["math.ST"],
  published: "2026-06-15",
};

/** Every brace that BibTeX counts (not escaped with a backslash) balances. */
function hasBalancedBraces(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth < 0) return false;
  }
  return depth === 0;
}

describe("paper exports", () => {
  it("BibTeX: an @article with eprint fields once a journal reference exists", async () => {
    const { request } = await createTestApp();
    const res = await request(`/papers/${STARRED_PAPER.id}.bib`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/x-bibtex; charset=utf-8");
    assert.equal(
      await res.text(),
      [
        "@article{hopper2026star,",
        "  title = {{Star Growth for Testing: A Paper Whose Repository Takes Off}},",
        "  author = {Grace Hopper and Alan Turing},",
        "  year = {2026},",
        "  eprint = {2606.01234},",
        "  archivePrefix = {arXiv},",
        "  primaryClass = {cs.CL},",
        "  journal = {Journal of Tests},",
        "  note = {Journal of Tests 1 (2026) 1-10},",
        "  doi = {10.1000/test.2026},",
        "  url = {https://arxiv.org/abs/2606.01234}",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("BibTeX: a @misc without one, with LaTeX specials escaped and braces balanced", async () => {
    const { app, request } = await createTestApp();
    await app.importer.importLines(toSourceLines([JSON.stringify(SPECIAL_PAPER)]));
    const special = await (await request(`/papers/${SPECIAL_PAPER.id}.bib`)).text();
    assert.ok(special.startsWith("@misc{mullerludenscheidt2026100,\n"));
    assert.ok(
      special.includes(
        "title = {{100\\% of \\{braces\\}, under\\_scores \\& \\#tags \\~{} \\^{} with $\\frac{a}{b}$ and \\$x\\}\\$}}",
      ),
      "balanced math kept as TeX, unbalanced math escaped",
    );
    assert.ok(special.includes("author = {José Müller-Lüdenscheidt and B. Second}"));
    assert.ok(hasBalancedBraces(special));

    const hostile = await (await request(`/papers/${HOSTILE_PAPER.id}.bib`)).text();
    assert.ok(hostile.startsWith("@misc{"));
    assert.ok(hostile.includes("archivePrefix = {arXiv}"));
    assert.ok(hostile.includes("primaryClass = {cs.LG}"));
    assert.ok(hostile.includes('\\& "quotes"'));
    assert.ok(!hostile.includes("journal ="));
    assert.ok(hasBalancedBraces(hostile));
  });

  it("escapeBibtex escapes each special once", () => {
    assert.equal(escapeBibtex("a\\b{c}$d&e%f#g_h^i~j"), "a\\textbackslash{}b\\{c\\}\\$d\\&e\\%f\\#g\\_h\\^{}i\\~{}j");
  });

  it("Markdown: title, authors, links and abstract with its math", async () => {
    const { request } = await createTestApp();
    const res = await request(`/papers/${STARRED_PAPER.id}.md`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/markdown; charset=utf-8");
    const md = await res.text();
    assert.ok(md.startsWith(`# ${STARRED_PAPER.title}\n\n**Authors:** Grace Hopper, Alan Turing\n`));
    assert.ok(
      md.includes(
        "- **arXiv:** [2606.01234](https://arxiv.org/abs/2606.01234) · [PDF](https://arxiv.org/pdf/2606.01234)",
      ),
    );
    assert.ok(md.includes("- **DOI:** [10.1000/test.2026](https://doi.org/10.1000/test.2026)"));
    assert.ok(md.includes("- **Code:** [test-org/star-repo](https://github.com/test-org/star-repo) (2,000 stars)"));
    assert.ok(
      md.includes("## Abstract\n\nWe test trending with $\\alpha + \\beta = \\gamma$ and $$E = mc^2$$ display math.\n"),
    );
  });

  it("Markdown: hostile text cannot become HTML or links", async () => {
    const { request } = await createTestApp();
    const md = await (await request(`/papers/${HOSTILE_PAPER.id}.md`)).text();
    assert.ok(!/(^|[^\\])<script>/.test(md), "every < before script is escaped");
    assert.ok(md.includes('\\<script\\>alert("title")\\</script\\>'));
    assert.ok(md.includes("\\<img src=x onerror=alert(3)\\>"));
    assert.ok(md.includes("$x\\<y$"), "math that could read as HTML is escaped");
    assert.equal(escapeMarkdown("[a](javascript:x) *b* `c`"), "\\[a\\](javascript:x) \\*b\\* \\`c\\`");
  });

  it("thumbnail: an SVG card with the title, first author and id, XML-escaped", async () => {
    const { request } = await createTestApp();
    const res = await request(`/papers/${HOSTILE_PAPER.id}/thumbnail.svg`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/svg+xml; charset=utf-8");
    const svg = await res.text();
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(!svg.includes("<script") && !svg.includes("<img"));
    assert.ok(svg.includes("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;"));
    assert.ok(svg.includes("&lt;img src=x onerror=alert(3)&gt; et al."));
    assert.ok(svg.includes("arXiv:2606.99999 · cs.LG"));
    const starred = await (await request(`/papers/${STARRED_PAPER.id}/thumbnail.svg`)).text();
    assert.ok(starred.includes(">Star Growth for Testing: A Paper</tspan>"));
    assert.ok(starred.includes(">Grace Hopper et al.</text>"));
  });

  it("wrapText wraps at words, cuts long words and ends a truncated title with an ellipsis", () => {
    assert.deepEqual(wrapText("one two three four", 9, 3), ["one two", "three", "four"]);
    assert.deepEqual(wrapText("abcdefghijkl mn", 6, 3), ["abcde…", "mn"]);
    assert.deepEqual(wrapText("aa bb cc dd ee", 5, 2), ["aa bb", "cc…"]);
    assert.equal(escapeXml(`<a b="c" d='e'>&\u0001`), "&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;");
  });
});
