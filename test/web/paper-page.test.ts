import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HOSTILE_PAPER, STARRED_PAPER, createTestApp, toSourceLines } from "../helpers/test-app.js";

const OLD_STYLE_PAPER = {
  id: "hep-th/9901001",
  title: "An Old-Style Identifier",
  abstract: "From before 2007.",
  authors: ["Old Timer"],
  categories: ["hep-th"],
  published: "1999-01-04",
};

const ONE_SAMPLE_PAPER = {
  id: "2606.04321",
  title: "A Repository Seen Once",
  abstract: "Only one star count.",
  authors: ["Single Sample"],
  categories: ["cs.SE"],
  published: "2026-06-10",
  github_repo: "https://github.com/once/seen",
  star_history: [["2026-06-20", 7]],
};

async function appWithExtras() {
  const t = await createTestApp();
  await t.app.importer.importLines(toSourceLines([JSON.stringify(OLD_STYLE_PAPER), JSON.stringify(ONE_SAMPLE_PAPER)]));
  return t;
}

/** `name` or `property` → every content of that meta tag, in order. */
function metaContents(html: string, key: string): string[] {
  const pattern = new RegExp(`<meta (?:name|property)="${key}" content="([^"]*)"/>`, "g");
  return [...html.matchAll(pattern)].map((m) => m[1]!);
}

describe("paper pages", () => {
  it("show the paper's record, links out and exports", async () => {
    const { request } = await createTestApp();
    const res = await request(`/papers/${STARRED_PAPER.id}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes(`<h1 id="paper-title">${STARRED_PAPER.title}</h1>`));
    assert.ok(
      html.includes(
        '<a href="/authors/Grace%20Hopper">Grace Hopper</a>, <a href="/authors/Alan%20Turing">Alan Turing</a>',
      ),
    );
    assert.ok(html.includes('href="https://arxiv.org/abs/2606.01234"'));
    assert.ok(html.includes('href="https://arxiv.org/pdf/2606.01234"'));
    assert.ok(html.includes('<a href="https://doi.org/10.1000/test.2026">10.1000/test.2026</a>'));
    assert.ok(html.includes("<dd>Journal of Tests 1 (2026) 1-10</dd>"));
    assert.ok(html.includes("<dd>12 pages. Code: https://github.com/test-org/star-repo</dd>"));
    assert.ok(html.includes('<a href="https://example.org/star-project">'));
    assert.ok(html.includes("2,000 stars"));
    assert.ok(html.includes('<a href="/papers/2606.01234.bib"'));
    assert.ok(html.includes('<a href="/papers/2606.01234.md"'));
    assert.ok(html.includes('<a href="/papers/date/2026-06-03">Jun 3, 2026</a>'));
    assert.match(html, /<span class="chip" title="Primary category">cs\.CL<\/span><span class="chip">cs\.LG<\/span>/);
    assert.ok(html.includes("Published <time"));
    assert.ok(html.includes("updated <time"));
  });

  it("render the abstract's TeX as MathML and leave no raw dollar delimiters", async () => {
    const { request } = await createTestApp();
    const html = await (await request(`/papers/${STARRED_PAPER.id}`)).text();
    assert.match(html, /<math><mrow><mi>α<\/mi><mo>\+<\/mo><mi>β<\/mi><mo>=<\/mo><mi>γ<\/mi><\/mrow><\/math>/);
    assert.match(html, /<math display="block"[ >]/);
    assert.ok(!html.includes("$"), "no $ left anywhere on the page");
    assert.ok(!/\sstyle="/.test(html), "no inline styles (CSP)");
  });

  it("carry Highwire Press tags for Zotero and Google Scholar", async () => {
    const { request, app } = await createTestApp();
    const html = await (await request(`/papers/${STARRED_PAPER.id}`)).text();
    const url = `${app.config.publicUrl}/papers/2606.01234`;
    assert.deepEqual(metaContents(html, "citation_title"), [STARRED_PAPER.title]);
    assert.deepEqual(metaContents(html, "citation_author"), ["Grace Hopper", "Alan Turing"]);
    assert.deepEqual(metaContents(html, "citation_publication_date"), ["2026/06/02"]);
    assert.deepEqual(metaContents(html, "citation_online_date"), ["2026/06/02"]);
    assert.deepEqual(metaContents(html, "citation_arxiv_id"), ["2606.01234"]);
    assert.deepEqual(metaContents(html, "citation_pdf_url"), ["https://arxiv.org/pdf/2606.01234"]);
    assert.deepEqual(metaContents(html, "citation_abstract_html_url"), [url]);
    assert.deepEqual(metaContents(html, "citation_doi"), ["10.1000/test.2026"]);
    assert.deepEqual(metaContents(html, "citation_journal_title"), ["Journal of Tests"]);
  });

  it("carry OpenGraph, Twitter card and canonical tags with absolute URLs", async () => {
    const { request, app } = await createTestApp();
    const html = await (await request(`/papers/${STARRED_PAPER.id}`)).text();
    const url = `${app.config.publicUrl}/papers/2606.01234`;
    assert.deepEqual(metaContents(html, "og:url"), [url]);
    assert.deepEqual(metaContents(html, "og:type"), ["article"]);
    assert.deepEqual(metaContents(html, "og:site_name"), ["Paperboy"]);
    assert.deepEqual(metaContents(html, "og:title"), [STARRED_PAPER.title]);
    assert.deepEqual(metaContents(html, "og:description"), [
      "We test trending with \\alpha + \\beta = \\gamma and E = mc^2 display math.",
    ]);
    assert.deepEqual(metaContents(html, "twitter:card"), ["summary"]);
    assert.ok(html.includes(`<link rel="canonical" href="${url}"/>`));
    assert.deepEqual(metaContents(html, "citation_doi").length, 1);
    const hostile = await (await request(`/papers/${HOSTILE_PAPER.id}`)).text();
    assert.deepEqual(metaContents(hostile, "citation_doi"), [], "no DOI tag when unknown");
    assert.deepEqual(metaContents(hostile, "citation_journal_title"), []);
  });

  it("draw the star history as an accessible inline SVG", async () => {
    const { request } = await createTestApp();
    const html = await (await request(`/papers/${STARRED_PAPER.id}`)).text();
    const svg = /<svg class="star-chart"[\s\S]*?<\/svg>/.exec(html)?.[0];
    assert.ok(svg, "chart present");
    assert.ok(svg.includes('role="img"'));
    assert.ok(svg.includes('<title id="star-chart-title">GitHub stars of test-org/star-repo</title>'));
    assert.ok(svg.includes("From 0 stars on Jun 2, 2026 to 2,000 on Jun 30, 2026, 4 observations."));
    assert.equal(svg.match(/<circle /g)?.length, STARRED_PAPER.star_history.length);
  });

  it("say so in text instead of a chart with fewer than two samples", async () => {
    const { request } = await appWithExtras();
    const html = await (await request(`/papers/${ONE_SAMPLE_PAPER.id}`)).text();
    assert.ok(!html.includes('class="star-chart"'));
    assert.ok(html.includes("Not enough star history for a chart yet"));
  });

  it("label the AI summary and summarise Hugging Face page ranks", async () => {
    const { request } = await createTestApp();
    const withSummary = await (await request("/papers/2606.19980")).text();
    assert.ok(withSummary.includes("AI-generated summary (from Hugging Face)</h2>"));
    assert.ok(withSummary.includes("ENPIRE framework enables autonomous robotics research"));
    const ranked = await (await request(`/papers/${HOSTILE_PAPER.id}`)).text();
    assert.ok(ranked.includes("Best position #1 on Jun 29, 2026"));
    assert.ok(!ranked.includes("AI-generated summary"));
  });

  for (const [from, to] of [
    ["/papers/2606.01234v2", "/papers/2606.01234"],
    ["/papers/arXiv:2606.01234", "/papers/2606.01234"],
    ["/papers/https://arxiv.org/abs/2606.01234v1", "/papers/2606.01234"],
    ["/papers/abs/2606.01234", "/papers/2606.01234"],
    ["/papers/2606.01234/", "/papers/2606.01234"],
    ["/papers/2606.01234v2.bib", "/papers/2606.01234.bib"],
    ["/papers/2606.01234v3/thumbnail.svg", "/papers/2606.01234/thumbnail.svg"],
    ["/papers/hep-th%2F9901001", "/papers/hep-th/9901001"],
    ["/papers/HEP-TH/9901001v2.md", "/papers/hep-th/9901001.md"],
    ["/papers/", "/papers"],
  ] as const) {
    it(`redirect ${from} to ${to}`, async () => {
      const { request } = await appWithExtras();
      const res = await request(from);
      assert.equal(res.status, 301);
      assert.equal(res.headers.get("location"), to);
    });
  }

  it("serve old-style ids, whose path has a slash", async () => {
    const { request } = await appWithExtras();
    const res = await request("/papers/hep-th/9901001");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes('<h1 id="paper-title">An Old-Style Identifier</h1>'));
    assert.deepEqual(metaContents(html, "citation_arxiv_id"), ["hep-th/9901001"]);
    assert.ok(html.includes('href="https://arxiv.org/abs/hep-th/9901001"'));
  });

  for (const path of ["/papers/not-an-id", "/papers/2613.01234", "/papers/1234", "/papers/%E0%A4%A"]) {
    it(`answer 400 for ${path}`, async () => {
      const { request } = await createTestApp();
      const res = await request(path);
      assert.equal(res.status, 400);
      assert.match(await res.text(), /not an arXiv identifier|malformed %-escape/);
    });
  }

  it("answer 404 for a valid id the hub does not have, pointing to arXiv", async () => {
    const { request } = await createTestApp();
    for (const path of ["/papers/2606.00001", "/papers/2606.00001.bib", "/papers/2606.00001/thumbnail.svg"]) {
      const res = await request(path);
      assert.equal(res.status, 404, path);
      const html = await res.text();
      assert.ok(html.includes("This hub has no paper 2606.00001."));
      assert.ok(html.includes('<a href="https://arxiv.org/abs/2606.00001">'));
    }
  });
});
