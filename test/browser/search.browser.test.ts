import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser, Page } from "playwright-core";
import { browserUnavailableReason, launchChromium } from "../helpers/browser.js";
import { createTestApp } from "../helpers/test-app.js";

const SCREENSHOTS = new URL("../../test-output/screenshots/", import.meta.url).pathname;
const skip = browserUnavailableReason() ?? false;
/** The fixture paper whose title reads "Current World Models Lack a Persistent State Core". */
const WORLD_MODELS_PAPER = "2606.20545";

describe("search in headless Chromium", { skip }, () => {
  let server: ServerType;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const suggestionRequests: string[] = [];

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
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/search")) suggestionRequests.push(r.url());
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  const box = () => page.locator("#site-search-q");
  const options = () => page.locator("#site-search-q-suggestions [role=option]");

  it("suggests papers as you type in the header box, once typing pauses", async () => {
    await page.goto(`${base}/`);
    assert.equal(await box().getAttribute("role"), "combobox", "the script made the box a combobox");
    assert.equal(await box().getAttribute("aria-expanded"), "false");
    await box().click();
    suggestionRequests.length = 0;
    await page.keyboard.type("world mod", { delay: 20 });
    await options().first().waitFor({ state: "visible" });
    assert.equal(suggestionRequests.length, 1, "fast typing sends one request after the pause");
    const request = new URL(suggestionRequests[0]!);
    assert.equal(request.searchParams.get("q"), "world mod");
    assert.equal(request.searchParams.get("prefix"), "true");
    assert.equal(request.searchParams.get("limit"), "6");
    assert.equal(request.searchParams.get("mode"), "keyword");
    assert.equal(await box().getAttribute("aria-expanded"), "true");
    assert.ok((await options().count()) >= 1);
    const first = await options().first().innerHTML();
    assert.match(first, /<mark>World<\/mark> <mark>Models<\/mark>/, "the prefix `mod` matched Models");
    await page.screenshot({ path: `${SCREENSHOTS}search-suggestions.png` });
  });

  it("moves through suggestions with the arrow keys and closes them with Escape", async () => {
    await page.keyboard.press("ArrowDown");
    const activeId = await box().getAttribute("aria-activedescendant");
    assert.ok(activeId);
    assert.equal(await page.locator(`#${activeId}`).getAttribute("aria-selected"), "true");
    await page.keyboard.press("ArrowUp");
    assert.notEqual(await box().getAttribute("aria-activedescendant"), activeId, "wraps to the last option");
    await page.keyboard.press("Escape");
    assert.equal(await box().getAttribute("aria-expanded"), "false");
    assert.ok(await page.locator("#site-search-q-suggestions").isHidden());
    assert.equal(await box().inputValue(), "world mod", "Escape closes the list and keeps the text");
  });

  it("opens the chosen suggestion's paper with Enter", async () => {
    await page.keyboard.type("e", { delay: 20 });
    await options().first().waitFor({ state: "visible" });
    await page.keyboard.press("ArrowDown");
    await Promise.all([page.waitForURL(`${base}/papers/${WORLD_MODELS_PAPER}`), page.keyboard.press("Enter")]);
    await page.goBack();
  });

  it("submits the search and shows highlighted results with facets", async () => {
    await box().fill("");
    await box().click();
    await page.keyboard.type("world models", { delay: 10 });
    await Promise.all([page.waitForURL(/\/search\?q=world\+models$/), page.keyboard.press("Enter")]);
    assert.equal(await page.locator("h1").textContent(), "Results for “world models”");
    assert.equal(await box().inputValue(), "world models", "the header box shows the search back");
    const marks = await page.locator(".search-hit .card-title mark").allTextContents();
    assert.deepEqual(marks.slice(0, 2), ["World", "Models"]);
    assert.ok(await page.locator(".facets").isVisible());
    await page.screenshot({ path: `${SCREENSHOTS}search-results.png`, fullPage: true });
  });

  it("opens a result and shows its similar papers", async () => {
    await Promise.all([
      page.waitForURL(`${base}/papers/${WORLD_MODELS_PAPER}`),
      page.locator(".search-hit .card-title a").first().click(),
    ]);
    const similar = page.locator("section.similar");
    await similar.scrollIntoViewIfNeeded();
    assert.equal(await similar.locator("h2").textContent(), "Similar papers");
    const links = await similar.locator("li > a").count();
    assert.ok(links >= 1 && links <= 5, `${links} similar papers`);
    await similar.screenshot({ path: `${SCREENSHOTS}similar-papers.png` });
  });

  it("fits a phone-sized screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/search?q=learning`);
    const width = await page.evaluate<number>("document.documentElement.scrollWidth");
    assert.ok(width <= 390, `no horizontal scrolling on a phone (content is ${width}px wide)`);
    await page.screenshot({ path: `${SCREENSHOTS}search-mobile.png` });
  });

  it("ran without script errors or CSP violations", () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});
