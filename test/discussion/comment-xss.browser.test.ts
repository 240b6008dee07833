import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { HTML_TAGS, MATHML_TAGS } from "../../src/core/discussion/comment-html-allow-list.js";
import { renderCommentHtml } from "../../src/core/discussion/render-comment.js";
import { browserUnavailableReason, launchChromium } from "../helpers/browser.js";

const skip = browserUnavailableReason() ?? false;
const PAYLOADS = readFileSync(new URL("../fixtures/xss-payloads.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("-- "))
  .map((line) => line.replaceAll("⏎", "\n"));

/** Records every way a payload could show it ran, before any content is parsed. */
const TRIPWIRES = `
  window.__ran = [];
  for (const name of ["alert", "confirm", "prompt", "print", "open", "fetch"]) {
    window[name] = (...args) => { window.__ran.push(name + ":" + String(args[0])); };
  }`;

interface Inspection {
  ran: string[];
  tags: string[];
  handlers: string[];
  links: string[];
}

/** Runs in the page (a string: the test is compiled without DOM types). */
const INSPECT_DOM = `(() => {
  const elements = [...document.body.querySelectorAll("*")];
  return {
    ran: window.__ran,
    tags: [...new Set(elements.map((e) => e.localName))],
    handlers: elements.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
    links: [...document.querySelectorAll("a")].map((a) => a.protocol),
  };
})()`;

/**
 * Every rendered payload in one page without a CSP (the sanitiser alone must hold), in a
 * real browser: nothing may run, and the live DOM may hold only allow-listed elements,
 * no event-handler attributes and no link the browser resolves to a non-http(s)/mailto URL.
 */
describe("rendered XSS corpus in headless Chromium", { skip }, () => {
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.route("**/*", (route) => route.abort());
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
  });
  after(() => browser?.close());

  async function inspect(bodyHtml: string) {
    await page.setContent(
      `<!doctype html><html><head><script>${TRIPWIRES}</script></head><body>${bodyHtml}</body></html>`,
    );
    await page.waitForTimeout(300);
    return page.evaluate<Inspection>(INSPECT_DOM);
  }

  it("the tripwires catch an unsanitised payload (so a pass means something)", async () => {
    const seen = await inspect('<img src="x" onerror="alert(1)"><svg onload="alert(2)"></svg>');
    assert.ok(seen.ran.length > 0, "the page ran the control payload");
    assert.ok(seen.handlers.length > 0);
  });

  it("nothing in the corpus runs, and the DOM holds only allow-listed markup", async () => {
    const html = PAYLOADS.map((p) => `<div>${renderCommentHtml(p)}</div>`).join("\n");
    const seen = await inspect(html);
    assert.deepEqual(seen.ran, []);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(seen.handlers, []);
    const allowed = new Set([...HTML_TAGS, ...MATHML_TAGS, "div"]);
    assert.deepEqual(
      seen.tags.filter((t) => !allowed.has(t)),
      [],
    );
    assert.deepEqual(
      seen.links.filter((p) => !["http:", "https:", "mailto:"].includes(p)),
      [],
    );
    assert.ok(seen.links.length > 10, "the corpus does render some safe links");
    assert.deepEqual(pageErrors, []);
  });
});
