import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser, Page } from "playwright-core";
import { browserUnavailableReason, launchChromium } from "../helpers/browser.js";
import { createTestApp, STARRED_PAPER } from "../helpers/test-app.js";

const SCREENSHOTS = new URL("../../test-output/screenshots/", import.meta.url).pathname;
const skip = browserUnavailableReason() ?? false;

describe("the site in headless Chromium", { skip }, () => {
  let server: ServerType;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  before(async () => {
    const t = await createTestApp();
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.http.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it("opens the trending page and shows ranked cards with why-trending lines", async () => {
    const res = await page.goto(`${base}/`);
    assert.equal(res?.status(), 200);
    const titles = await page.locator("article h2, article h3").allTextContents();
    assert.ok(titles.length >= 3, `cards shown: ${titles.length}`);
    assert.ok(
      titles.some((t) => t.includes(STARRED_PAPER.title)),
      "the paper gaining stars trends",
    );
    assert.ok(await page.getByText("+1,200 stars this week").first().isVisible());
    await page.screenshot({ path: `${SCREENSHOTS}home.png`, fullPage: false });
  });

  it("follows a paper: math is rendered by the server and Zotero's meta tags are there", async () => {
    await page.getByRole("link", { name: STARRED_PAPER.title }).first().click();
    await page.waitForURL(`${base}/papers/${STARRED_PAPER.id}`);
    assert.equal(await page.locator("h1").first().textContent(), STARRED_PAPER.title);
    const maths = page.locator("main math");
    assert.ok((await maths.count()) >= 2, "inline and display math render as MathML");
    const box = await maths.first().boundingBox();
    assert.ok(box && box.width > 10 && box.height > 5, "the formula is laid out, not hidden");
    const abstract = await page.locator("main").innerText();
    assert.doesNotMatch(abstract, /\$\\alpha|\$\$E/, "no raw TeX delimiters left");
    const meta = (name: string) => page.locator(`meta[name="${name}"]`).getAttribute("content");
    assert.equal(await meta("citation_title"), STARRED_PAPER.title);
    assert.equal(await meta("citation_arxiv_id"), STARRED_PAPER.id);
    assert.equal(await page.locator('meta[name="citation_author"]').count(), STARRED_PAPER.authors.length);
    assert.match((await meta("citation_pdf_url")) ?? "", /^https:\/\/arxiv\.org\/pdf\/2606\.01234/);
    assert.equal(await meta("citation_doi"), STARRED_PAPER.doi);
    assert.ok(await page.locator("svg").filter({ hasText: /star/i }).count(), "star-history chart drawn");
    await page.screenshot({ path: `${SCREENSHOTS}paper.png`, fullPage: true });
  });

  it("browses the daily list on a phone-sized screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const res = await page.goto(`${base}/papers`);
    assert.equal(res?.status(), 200);
    const width = await page.evaluate<number>("document.documentElement.scrollWidth");
    assert.ok(width <= 390, `no horizontal scrolling on a phone (content is ${width}px wide)`);
    await page.screenshot({ path: `${SCREENSHOTS}daily-mobile.png`, fullPage: false });
  });

  it("ran without script errors or CSP violations", () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});
