import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_COMMENT_CHARS, cleanCommentSource, renderCommentHtml } from "../../src/core/discussion/render-comment.js";
import { sanitizeCommentHtml } from "../../src/core/discussion/sanitize-comment-html.js";

const REL = 'rel="nofollow ugc noopener"';

describe("renderCommentHtml", () => {
  it("renders the Markdown subset", () => {
    assert.equal(renderCommentHtml("*a* **b** `c`"), "<p><em>a</em> <strong>b</strong> <code>c</code></p>\n");
    assert.equal(renderCommentHtml("> quoted"), "<blockquote>\n<p>quoted</p>\n</blockquote>\n");
    assert.equal(renderCommentHtml("- a\n- b"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    assert.equal(renderCommentHtml("3. c"), '<ol start="3">\n<li>c</li>\n</ol>\n');
    assert.equal(renderCommentHtml("```py\nx = 1\n```"), '<pre><code class="language-py">x = 1\n</code></pre>\n');
  });

  it("gives every link rel=nofollow ugc noopener, also autolinks and bare URLs", () => {
    assert.equal(
      renderCommentHtml('[paper](https://arxiv.org/abs/2501.01234 "t")'),
      `<p><a href="https://arxiv.org/abs/2501.01234" title="t" ${REL}>paper</a></p>\n`,
    );
    assert.match(renderCommentHtml("<https://example.org/x>"), new RegExp(`<a href="https://example.org/x" ${REL}>`));
    assert.match(
      renderCommentHtml("see https://example.org/x."),
      new RegExp(`<a href="https://example.org/x" ${REL}>`),
    );
    assert.match(renderCommentHtml("[me](mailto:a@example.org)"), /href="mailto:a@example.org"/);
  });

  it("keeps links that are not http(s) or mailto as text", () => {
    assert.equal(renderCommentHtml("[x](javascript:alert(1))"), "<p>[x](javascript:alert(1))</p>\n");
    assert.equal(renderCommentHtml("[x](/relative)"), "<p>[x](/relative)</p>\n");
    assert.equal(renderCommentHtml("[x](ftp://example.org)"), "<p>[x](ftp://example.org)</p>\n");
  });

  it("escapes raw HTML and turns headings and images off", () => {
    assert.equal(renderCommentHtml("<b>hi</b>"), "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n");
    assert.equal(renderCommentHtml("# Big"), "<p># Big</p>\n");
    assert.equal(
      renderCommentHtml("![alt](https://example.org/a.png)"),
      `<p>!<a href="https://example.org/a.png" ${REL}>alt</a></p>\n`,
    );
  });

  it("renders $…$ and $$…$$ as MathML, and leaves prices and code alone", () => {
    assert.equal(
      renderCommentHtml("$x^2$"),
      '<p><math><msup><mi>x</mi><mn class="tml-sml-pad">2</mn></msup></math></p>\n',
    );
    assert.match(renderCommentHtml("$$\n\\frac{a}{b}\n$$"), /^<p><math display="block" class="tml-display"><mfrac>/);
    assert.equal(renderCommentHtml("$5 and $10"), "<p>$5 and $10</p>\n");
    assert.equal(renderCommentHtml("`$x$`"), "<p><code>$x$</code></p>\n");
    assert.equal(renderCommentHtml("\\$x$"), "<p>$x$</p>\n");
  });

  it("shows math that is refused or broken as its source", () => {
    assert.equal(
      renderCommentHtml("$\\href{https://example.org}{x}$"),
      '<p><code class="tex-source">$\\href{https://example.org}{x}$</code></p>\n',
    );
    assert.equal(renderCommentHtml("$\\frac{$"), '<p><code class="tex-source">$\\frac{$</code></p>\n');
    assert.doesNotMatch(renderCommentHtml("$\\color{red}{x}$"), /style=/, "Temml's inline styles are dropped");
  });

  it("renders at most 50 formulas per comment", () => {
    const html = renderCommentHtml(Array.from({ length: 60 }, (_, i) => `$x_${i}$`).join(" "));
    assert.equal(html.match(/<math>/g)?.length, 50);
    assert.equal(html.match(/tex-source/g)?.length, 10);
  });

  it("cuts bodies at the limit, removes control characters and never throws", () => {
    assert.equal(cleanCommentSource("a".repeat(MAX_COMMENT_CHARS + 5)).length, MAX_COMMENT_CHARS);
    assert.equal(cleanCommentSource("a".repeat(MAX_COMMENT_CHARS - 1) + "😀").length, MAX_COMMENT_CHARS - 1);
    assert.equal(cleanCommentSource("a\u0000b\r\nc\u0007"), "ab\nc");
    assert.doesNotThrow(() => renderCommentHtml("\ud800[x](https://e.org/\udfff)"));
  });
});

describe("sanitizeCommentHtml", () => {
  it("drops tags and attributes off the allow-list and keeps their text", () => {
    assert.equal(sanitizeCommentHtml('<p onclick="x">a<img src="x">b<span>c</span></p>'), "<p>abc</p>");
    assert.equal(sanitizeCommentHtml('<a href="javascript:alert(1)" rel="x">a</a>'), `<a ${REL}>a</a>`);
    assert.equal(sanitizeCommentHtml('<a href="java&#x09;script:alert(1)">a</a>'), `<a ${REL}>a</a>`);
    assert.equal(sanitizeCommentHtml('<a href="&#106;avascript:alert(1)">a</a>'), `<a ${REL}>a</a>`);
    assert.equal(
      sanitizeCommentHtml('<a href="https://e.org/?a=1&amp;b=2">a</a>'),
      `<a href="https://e.org/?a=1&amp;b=2" ${REL}>a</a>`,
    );
  });

  it("escapes anything that is not a plainly written tag, and balances tags", () => {
    assert.equal(sanitizeCommentHtml("<p>a < b <img/src=x onerror=y>"), "<p>a &lt; b &lt;img/src=x onerror=y&gt;</p>");
    assert.equal(sanitizeCommentHtml("<em><strong>x</em>"), "<em><strong>x</strong></em>");
    assert.equal(sanitizeCommentHtml("</p>x & y"), "x &amp; y");
  });

  it("keeps MathML inside <math> only, and HTML out of it", () => {
    assert.equal(sanitizeCommentHtml("<mi>x</mi>"), "x");
    assert.equal(sanitizeCommentHtml("<math><mtext><p>x</p></mtext></math>"), "<math><mtext>x</mtext></math>");
    assert.equal(
      sanitizeCommentHtml('<math><mi mathvariant="url(javascript:x)">x</mi></math>'),
      "<math><mi>x</mi></math>",
    );
  });

  it("caps element depth", () => {
    const deep = "<blockquote>".repeat(100) + "x" + "</blockquote>".repeat(100);
    assert.equal(sanitizeCommentHtml(deep).match(/<blockquote>/g)?.length, 64);
  });
});
