import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  createDigestRenderer,
  type DigestMailData,
  type DigestMailPaper,
} from "../../src/delivery/email/digest-mail.js";
import { escapeHtml } from "../../src/delivery/email/email-html.js";

const renderer = createDigestRenderer({
  publicUrl: "https://papers.example.org/",
  siteName: "Paperboy",
  postalAddress: "Paperboy Hub, 1 Example Street, 00000 Example City",
});

function paper(id: string, fields: Partial<DigestMailPaper> = {}): DigestMailPaper {
  return {
    id,
    title: `Title of ${id}`,
    authors: ["Ada Lovelace", "Alan Turing"],
    summary: "We study things. ".repeat(10),
    categories: ["cs.LG", "stat.ML"],
    section: "trending",
    ...fields,
  };
}

function digest(overrides: Partial<DigestMailData> = {}): DigestMailData {
  return {
    list: { slug: "daily", name: "Daily trending papers" },
    periodKey: "2026-11-26",
    papers: [
      ...Array.from({ length: 8 }, (_, i) => paper(`2611.0${1000 + i}`)),
      paper("hep-th/9901001", { section: "topic", title: "An old-style id" }),
      paper("2611.09999", { section: "topic", authors: ["A", "B", "C", "D"] }),
    ],
    topicLabels: ["cs.LG", "“diffusion”"],
    unsubscribeToken: "v1.k1.eyJwIjoidSJ9.unsubMAC",
    manageToken: "v1.k1.eyJwIjoibSJ9.manageMAC",
    ...overrides,
  };
}

/** XSS payloads shared with the comment renderer's tests, one per line; "⏎" is a newline. */
const PAYLOADS = readFileSync(new URL("../fixtures/xss-payloads.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("-- "))
  .map((line) => line.replaceAll("⏎", "\n"));

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
}

describe("digest mail", () => {
  test("subject and period labels: daily and weekly", () => {
    assert.equal(renderer.render(digest()).subject, "Trending papers · Thu 26 Nov");
    assert.equal(
      renderer.render(digest({ periodKey: "2026-W48" })).subject,
      "Week 48 · 10 trending papers in cs.LG, “diffusion”",
    );
    assert.throws(() => renderer.render(digest({ periodKey: "2026-02-30" })), /not an issue period/);
  });

  test("both parts carry every paper link, the manage link and the unsubscribe link", () => {
    const mail = renderer.render(digest());
    const paperUrls = [
      ...Array.from({ length: 8 }, (_, i) => `https://papers.example.org/papers/2611.0${1000 + i}`),
      "https://papers.example.org/papers/hep-th/9901001",
      "https://papers.example.org/papers/2611.09999",
    ];
    const unsubscribe = "https://papers.example.org/u/v1.k1.eyJwIjoidSJ9.unsubMAC";
    const manage = "https://papers.example.org/subscriptions/manage/v1.k1.eyJwIjoibSJ9.manageMAC";
    assert.equal(mail.unsubscribeUrl, unsubscribe);
    assert.deepEqual(hrefs(mail.html).sort(), [...paperUrls, unsubscribe, manage].sort());
    const textUrls = mail.text.match(/https:\/\/\S+/g) ?? [];
    assert.deepEqual([...textUrls].sort(), [...paperUrls, unsubscribe, manage].sort());
  });

  test("every link is absolute https; no placeholder is left; the size stays small", () => {
    const mail = renderer.render(digest());
    for (const href of hrefs(mail.html)) assert.match(href, /^https:\/\/papers\.example\.org\//);
    for (const part of [mail.html, mail.text]) assert.doesNotMatch(part, /@@|\{\{|\}\}/);
    assert.ok(Buffer.byteLength(mail.html) + Buffer.byteLength(mail.text) < 60_000);
    assert.doesNotMatch(mail.html, /<style/i, "CSS is inlined, not left in a <style> block");
    assert.match(mail.html, /<div class="paper" style="[^"]+">/);
  });

  test("the footer: why you got this, the topics, the operator's postal address", () => {
    const mail = renderer.render(digest());
    const why =
      "You get this because you subscribed to Daily trending papers on Paperboy, with the topics cs.LG, “diffusion”.";
    assert.ok(mail.text.includes(why));
    assert.ok(mail.html.includes(escapeHtml(why)));
    assert.ok(mail.text.includes("Paperboy Hub, 1 Example Street"));
    assert.ok(mail.html.includes("Paperboy Hub, 1 Example Street"));
    const noTopics = renderer.render(digest({ topicLabels: [], papers: [paper("2611.00001")] }));
    assert.match(noTopics.text, /subscribed to Daily trending papers on Paperboy\.\n/);
    assert.doesNotMatch(noTopics.text, /FOR YOUR TOPICS/);
  });

  test("hostile titles, authors, summaries and list names are escaped, never markup", () => {
    const baseline = renderer.render(digest({ papers: [paper("2611.00001")] })).html;
    const baselineTags = baseline.split("<").length;
    for (const payload of PAYLOADS) {
      const mail = renderer.render(
        digest({
          list: { slug: "daily", name: payload },
          topicLabels: [],
          papers: [paper("2611.00001", { title: payload, authors: [payload], summary: payload })],
        }),
      );
      assert.equal(mail.html.split("<").length, baselineTags, `a tag leaked from ${JSON.stringify(payload)}`);
      assert.ok(mail.html.includes(escapeHtml(payload.replace(/\s+/g, " ").trim())), payload);
    }
    assert.ok(PAYLOADS.length > 100);
  });

  test("titles with quotes and ampersands survive in text as written", () => {
    const title = `"Attention" & <Diffusion> isn't all you need`;
    const mail = renderer.render(digest({ papers: [paper("2611.00001", { title })] }));
    assert.ok(mail.text.includes(title));
    assert.ok(mail.html.includes("&quot;Attention&quot; &amp; &lt;Diffusion&gt; isn&#39;t all you need"));
  });

  test("long summaries are cut at a word with an ellipsis; many authors end in et al.", () => {
    const mail = renderer.render(
      digest({ papers: [paper("2611.00001", { summary: "word ".repeat(200), authors: ["A", "B", "C", "D"] })] }),
    );
    assert.match(mail.text, / {3}(word ){60,}word…\n/);
    assert.match(mail.text, / {3}A, B, C et al\.\n/);
  });

  test("a base URL that mail cannot use is refused at startup", () => {
    for (const publicUrl of ["http://papers.example.org", "/relative", "ftp://papers.example.org"]) {
      assert.throws(() => createDigestRenderer({ publicUrl, siteName: "P", postalAddress: "A" }), publicUrl);
    }
    const local = createDigestRenderer({ publicUrl: "http://127.0.0.1:3000", siteName: "P", postalAddress: "A" });
    assert.equal(local.links.paperUrl("2611.00001"), "http://127.0.0.1:3000/papers/2611.00001");
  });
});
