import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserUnavailableReason, launchChromium } from "../helpers/browser.js";
import { STARRED_ID, type CommunityBench, startCommunityBench } from "./community-bench.js";

const skip = browserUnavailableReason() ?? false;

describe("the upvote button in headless Chromium", { skip }, () => {
  let t: CommunityBench;
  let server: ServerType;
  let browser: Browser;
  let base: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  before(async () => {
    t = await startCommunityBench();
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.http.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    server?.close();
    await t?.app.close();
  });

  /** A browser signed in as a new user, JavaScript on or off. */
  async function signedInPage(handle: string, javaScriptEnabled: boolean): Promise<{ page: Page; userId: number }> {
    const { user, sessionToken } = await t.signIn(handle);
    const context: BrowserContext = await browser.newContext({ javaScriptEnabled });
    await context.addCookies([{ name: "pb_session", value: sessionToken, url: base }]);
    const page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    return { page, userId: user.id };
  }

  const upvotes = async () => (await t.app.storage.papers.findPaper(STARRED_ID))!.upvotes;

  it("toggles in place with JavaScript, through the API, without reloading", async () => {
    const { page } = await signedInPage("clicker", true);
    await page.goto(`${base}/papers/${STARRED_ID}`);
    const button = page.locator(`form[data-vote-paper="${STARRED_ID}"] button`);
    assert.equal(await button.getAttribute("aria-pressed"), "false");
    let loads = 0;
    page.on("load", () => loads++);
    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/papers/${STARRED_ID}/votes`));
    await button.click();
    assert.equal((await answered).status(), 200);
    assert.equal(await button.getAttribute("aria-pressed"), "true");
    assert.equal(await button.locator(".vote-count").textContent(), "43 upvotes");
    assert.equal(await upvotes(), 43);

    const undone = page.waitForResponse((r) => r.url().includes("/votes"));
    await button.click();
    await undone;
    assert.equal(await button.getAttribute("aria-pressed"), "false");
    assert.equal(await button.locator(".vote-count").textContent(), "42 upvotes");
    assert.equal(await upvotes(), 42);
    assert.equal(loads, 0, "the page never reloaded");
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });

  it("rolls back and says why when the vote is refused", async () => {
    const { page, userId } = await signedInPage("soon-suspended", true);
    await page.goto(`${base}/papers/${STARRED_ID}`);
    await t.app.accounts.setSuspended(userId, true);
    const form = page.locator(`form[data-vote-paper="${STARRED_ID}"]`);
    const refused = page.waitForResponse((r) => r.url().includes("/votes"));
    await form.locator("button").click();
    assert.equal((await refused).status(), 403);
    await page.getByText("Your upvote was not saved. Your account is suspended.").waitFor();
    assert.equal(await form.locator("button").getAttribute("aria-pressed"), "false");
    assert.equal(await form.locator(".vote-count").textContent(), "42 upvotes");
    assert.equal(await upvotes(), 42);
  });

  it("posts the form and comes back to the list with JavaScript off", async () => {
    const { page } = await signedInPage("no-script", false);
    await page.goto(`${base}/papers/date/2026-06-03`);
    const button = page.locator(`form[data-vote-paper="${STARRED_ID}"] button`);
    const reloaded = page.waitForEvent("load");
    await button.click();
    await reloaded;
    assert.equal(page.url(), `${base}/papers/date/2026-06-03`, "back on the list (303 from /votes)");
    assert.equal(await button.getAttribute("aria-pressed"), "true");
    assert.equal(await upvotes(), 43);
  });
});
