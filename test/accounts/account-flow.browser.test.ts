import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserUnavailableReason, launchChromium } from "../helpers/browser.js";
import { type Bench, PASSWORD, linkPath, nextMails, startBench } from "./account-test-kit.js";

const skip = browserUnavailableReason() ?? false;

/** Every account step by a real browser with JavaScript off: the pages are plain forms. */
describe("accounts in headless Chromium without JavaScript", { skip }, () => {
  let bench: Bench;
  let server: ServerType;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const cspViolations: string[] = [];

  before(async () => {
    let handle: (request: Request) => Response | Promise<Response> = () => new Response("starting", { status: 503 });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: (req) => handle(req), hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    bench = await startBench({ PUBLIC_URL: base, TRUST_PROXY: "0" });
    handle = bench.fetch;
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    await bench?.close();
  });

  it("signs up, confirms the address from the mail, logs in, sees its session and logs out", async () => {
    await page.goto(`${base}/signup`);
    await page.getByLabel("Email").fill("chromium@example.org");
    await page.getByLabel("Handle").fill("chromium");
    await page.getByLabel("Display name (optional)").fill("Chromium Tester");
    await page.getByLabel("Password").fill(PASSWORD);
    const count = bench.sink.messages.length;
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();

    const [mail] = await nextMails(bench.sink, count);
    await page.goto(`${base}${linkPath(mail!)}`);
    await page.getByRole("button", { name: "Confirm address" }).click();
    await page.getByRole("heading", { name: "Address confirmed" }).waitFor();

    await page.goto(`${base}/login?next=${encodeURIComponent("/settings/sessions")}`);
    await page.getByLabel("Email").fill("chromium@example.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Your sessions" }).waitFor();
    assert.match(await page.locator("main").innerText(), /\(this browser\)/);
    const account = page.getByRole("navigation", { name: "Account" });
    assert.equal(await account.getByRole("link", { name: "Chromium Tester" }).count(), 1);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "pb_session");
    assert.ok(session?.httpOnly, "HttpOnly session cookie");
    assert.equal(session?.sameSite, "Lax");

    await account.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(`${base}/`);
    assert.equal(
      await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Log in" }).count(),
      1,
    );
  });

  it("fits the sign-up and settings pages on a phone-sized screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/signup`);
    const width = await page.evaluate<number>("document.documentElement.scrollWidth");
    assert.ok(width <= 390, `no horizontal scrolling on a phone (content is ${width}px wide)`);
  });

  it("ran without CSP violations", () => {
    assert.deepEqual(cspViolations, []);
  });
});
