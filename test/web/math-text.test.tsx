import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MathText, renderTex } from "../../src/delivery/web/math-text.js";
import { splitTex, texToPlainText, truncateTex } from "../../src/delivery/web/tex-segments.js";

function render(text: string, maxChars?: number): string {
  return String(<MathText text={text} maxChars={maxChars} />);
}

describe("splitTex", () => {
  it("finds every MathJax delimiter and keeps escaped dollars as text", () => {
    assert.deepEqual(splitTex("a $x$ b $$y$$ c \\(z\\) d \\[w\\] costs \\$5"), [
      { kind: "text", text: "a " },
      { kind: "math", tex: "x", display: false },
      { kind: "text", text: " b " },
      { kind: "math", tex: "y", display: true },
      { kind: "text", text: " c " },
      { kind: "math", tex: "z", display: false },
      { kind: "text", text: " d " },
      { kind: "math", tex: "w", display: true },
      { kind: "text", text: " costs $5" },
    ]);
  });

  it("ignores an escaped dollar inside math when looking for the closing one", () => {
    assert.deepEqual(splitTex("$a\\$b$"), [{ kind: "math", tex: "a\\$b", display: false }]);
  });

  it("turns an opening delimiter that never closes into an unbalanced segment", () => {
    assert.deepEqual(splitTex("we pay $5 for it"), [
      { kind: "text", text: "we pay " },
      { kind: "unbalanced", source: "$5 for it" },
    ]);
    assert.deepEqual(splitTex("empty $$ here"), [
      { kind: "text", text: "empty " },
      { kind: "unbalanced", source: "$$ here" },
    ]);
    assert.deepEqual(splitTex("\\(never closed"), [{ kind: "unbalanced", source: "\\(never closed" }]);
  });
});

describe("truncateTex and texToPlainText", () => {
  it("cuts prose at a word boundary and never inside a formula", () => {
    const segments = splitTex("one two three $\\alpha+\\beta$ four five");
    assert.deepEqual(truncateTex(segments, 11), [{ kind: "text", text: "one two…" }]);
    assert.deepEqual(truncateTex(segments, 20), [
      { kind: "text", text: "one two three " },
      { kind: "text", text: "…" },
    ]);
    assert.deepEqual(truncateTex(segments, 100), segments);
  });

  it("keeps TeX source without delimiters for places that cannot render math", () => {
    assert.equal(texToPlainText(splitTex("Loss $\\mathcal{L}$ and  $$x^2$$")), "Loss \\mathcal{L} and x^2");
  });
});

describe("MathText", () => {
  it("renders inline and display math to MathML between escaped text", () => {
    const html = render("If <b> $a<b$ then $$c$$");
    assert.ok(html.startsWith("If &lt;b&gt; <math>"));
    assert.ok(html.includes("<mo>&lt;</mo>"));
    assert.match(html, /<math display="block"/);
  });

  it("shows TeX that does not parse as escaped source in <code>, without raw delimiters", () => {
    const html = render("broken $\\frac{1$ math");
    assert.equal(
      html,
      'broken <code class="tex-source" title="TeX source (could not be rendered)">\\frac{1</code> math',
    );
    assert.equal(
      render("price $5 <i>"),
      'price <code class="tex-source" title="TeX source (could not be rendered)">$5 &lt;i&gt;</code>',
    );
  });

  it("never lets markup through math: a hostile formula stays text", () => {
    const html = render("$<script>alert(1)</script>$ and $\\href{javascript:alert(1)}{x}$");
    assert.ok(!html.includes("<script"));
    assert.ok(!html.includes('href="javascript'));
  });

  it("drops Temml's style attributes, which the CSP would refuse", () => {
    const mathml = renderTex("\\color{red}{x}", false);
    assert.ok(mathml && mathml.startsWith("<math>"));
    assert.ok(!mathml.includes("style="));
  });

  it("shows oversized or runaway macros as source instead of hanging", () => {
    assert.equal(renderTex("x".repeat(2_001), false), null);
    assert.equal(renderTex("\\def\\a{\\a\\a}\\a", false), null);
  });

  it("renders display math inline in snippets, which are cut to length", () => {
    const html = render("Energy $$E=mc^2$$ and then a great deal more prose that will not fit", 30);
    assert.ok(!html.includes('display="block"'));
    assert.ok(html.endsWith("…"));
  });
});
