import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { HTML_TAGS, MATHML_TAGS } from "../../src/core/discussion/comment-html-allow-list.js";
import { browserUnavailableReason, launchChromium } from "../helpers/browser.js";
import { HOSTILE_PAPER } from "../helpers/test-app.js";
import { type Member, type TestApp, actorOf, postForm, signIn, startCommentsApp } from "./comments-test-kit.js";

const skip = browserUnavailableReason() ?? false;
const PAYLOADS = readFileSync(new URL("../fixtures/xss-payloads.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("-- "))
  .map((line) => line.replaceAll("⏎", "\n"));
const PAPER = `/papers/${HOSTILE_PAPER.id}`;
/** Profiles are loaded in this many tabs at once. */
const PROFILE_TABS = 4;

/** Installed before any page script: every way a payload could show it ran lands in window.__ran. */
const TRIPWIRES = `
  window.__ran = [];
  for (const name of ["alert", "confirm", "prompt", "print", "open", "fetch"]) {
    window[name] = (...args) => { window.__ran.push(name + ":" + String(args[0])); };
  }`;

interface Inspection {
  ran: string[];
  scripts: string[];
  handlers: string[];
  scriptUrls: string[];
  commentTags: string[];
  authorNames: string[];
  profileName: string | null;
}

/** Runs in the page (a string: the tests compile without DOM types). */
const INSPECT_DOM = `(() => {
  const all = [...document.querySelectorAll("*")];
  const urlAttributes = ["href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "background", "poster"];
  return {
    ran: window.__ran,
    scripts: [...document.scripts].map((s) => s.getAttribute("src") ?? "inline:" + s.textContent.slice(0, 40)),
    handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => e.localName + "." + a.name)),
    scriptUrls: all.flatMap((e) => urlAttributes.map((n) => e.getAttribute(n) ?? "")
      .filter((v) => /^(?:javascript|vbscript|data):/i.test(v.replace(/[\\s\\u0000-\\u001f]/g, "")))),
    commentTags: [...new Set([...document.querySelectorAll(".comment-body *")].map((e) => e.localName))],
    authorNames: [...document.querySelectorAll(".comment-author")].map((e) => e.textContent),
    profileName: document.querySelector("#profile-name")?.textContent ?? null,
  };
})()`;

/**
 * The XSS corpus posted for real (comment forms, display names), then the paper page and
 * every profile loaded in headless Chromium with the site's CSP: nothing may run, and no
 * script-capable markup may reach the DOM. Tripwires catch calls; the dialog listener
 * catches what bypasses them; the DOM inspection catches what did not fire (yet).
 */
describe("XSS payloads in comments, names and submissions, in headless Chromium", { skip }, () => {
  let t: TestApp;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let moderator: Member;
  const handles: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    t = await startCommentsApp();
    const poster = await signIn(t, "poster");
    moderator = await signIn(t, "mod", "moderator");
    for (const payload of PAYLOADS) {
      const res = await postForm(t, `${PAPER}/comments`, poster, { body: payload });
      assert.ok(res.status === 303 || res.status === 422, `posting ${JSON.stringify(payload)}: ${res.status}`);
    }
    // Display names are stored through the port, past the settings form's rules, so that
    // names the form would refuse (too long) reach the pages too: escaping must hold for any.
    for (const [i, payload] of PAYLOADS.entries()) {
      const user = await t.app.storage.accounts.users.insert({
        email: `xss${i}@example.org`,
        handle: `xss${i}`,
        displayName: payload,
        passwordHash: "unused",
        role: "user",
        emailVerifiedAt: "2026-06-01T00:00:00.000Z",
        createdAt: "2026-06-01T00:00:00.000Z",
      });
      assert.ok(user);
      handles.push(user.handle);
      const actor = { userId: user.id, handle: user.handle, role: user.role, emailVerified: true, suspended: false };
      const posted = await t.app.discussion.postComment(actor, { paperId: HOSTILE_PAPER.id, body: payload });
      assert.ok(posted.ok);
      if (i % 10 === 0) {
        const hidden = await t.app.discussion.setCommentHidden(actorOf(moderator), posted.value.id, true, null);
        assert.ok(hidden.ok || hidden.error.kind === "forbidden");
      }
    }
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.http.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  async function openPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.addInitScript(TRIPWIRES);
    await page.route("**/*", (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    return page;
  }

  /**
   * "load" waits for every subresource; "domcontentloaded" is enough where markup, not a
   * late event, is what could run (an event handler would still be an attribute in the DOM).
   */
  async function inspect(page: Page, path: string, waitUntil: "load" | "domcontentloaded" = "load") {
    const res = await page.goto(`${base}${path}`, { waitUntil });
    assert.equal(res?.status(), 200, path);
    assert.match(res?.headers()["content-security-policy"] ?? "", /script-src 'self'/);
    return page.evaluate<Inspection>(INSPECT_DOM);
  }

  it("the tripwires catch a payload that runs (so a pass means something)", async () => {
    const context = await browser.newContext();
    const page = await openPage(context);
    // about:blank gets no init script: install the tripwires by hand (setContent keeps the window).
    await page.evaluate(TRIPWIRES);
    await page.setContent('<img src="x" onerror="alert(1)"><p>control</p>');
    await page.waitForTimeout(200);
    const seen = await page.evaluate<Inspection>(INSPECT_DOM);
    assert.deepEqual(seen.ran, ["alert:1"]);
    assert.deepEqual(seen.handlers, ["img.onerror"]);
    assert.deepEqual(dialogs, [], "the tripwire caught it before a real dialog opened");
    await context.close();
  });

  function assertNothingRan(seen: Inspection, where: string) {
    assert.deepEqual(seen.ran, [], where);
    assert.deepEqual(dialogs, [], where);
    assert.deepEqual(seen.handlers, [], where);
    assert.deepEqual(seen.scriptUrls, [], where);
    assert.ok(
      seen.scripts.every((src) => /^\/static\/[\w.-]+\.js\?v=\w+$/.test(src)),
      `${where}: only the site's own scripts: ${seen.scripts.join(", ")}`,
    );
  }

  it("the paper page, signed out: nothing runs, comment bodies hold only allow-listed markup", async () => {
    const context = await browser.newContext();
    const seen = await inspect(await openPage(context), PAPER);
    assertNothingRan(seen, "paper page");
    const allowed = new Set([...HTML_TAGS, ...MATHML_TAGS]);
    assert.deepEqual(
      seen.commentTags.filter((tag) => !allowed.has(tag)),
      [],
    );
    const names = new Set(seen.authorNames);
    const shown = PAYLOADS.filter((p, i) => i % 10 !== 0 && names.has(p));
    assert.ok(shown.length > PAYLOADS.length * 0.8, `display names are shown as text (${shown.length})`);
    await context.close();
  });

  it("the paper page as a moderator (every action form, hidden comments): nothing runs", async () => {
    const context = await browser.newContext();
    const [name, value] = moderator.headers["cookie"]!.split("=") as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    const page = await openPage(context);
    const seen = await inspect(page, PAPER);
    assertNothingRan(seen, "paper page as moderator");
    assert.ok((await page.locator(".comment-hidden").count()) > 0, "hidden comments are shown to the moderator");
    await context.close();
  });

  it("every author's profile: the name is text, nothing runs", async () => {
    const context = await browser.newContext();
    const pages = await Promise.all(Array.from({ length: PROFILE_TABS }, () => openPage(context)));
    // Each tab takes every PROFILE_TABS-th profile: four at a time, in the same browser.
    await Promise.all(
      pages.map(async (page, tab) => {
        for (let i = tab; i < handles.length; i += PROFILE_TABS) {
          const seen = await inspect(page, `/users/${handles[i]}`, "domcontentloaded");
          assertNothingRan(seen, `/users/${handles[i]}`);
          assert.equal(seen.profileName, PAYLOADS[i]);
        }
      }),
    );
    const poster = await inspect(pages[0]!, "/users/poster");
    assertNothingRan(poster, "/users/poster");
    await context.close();
    assert.deepEqual(pageErrors, []);
  });

  it("the submit page echoing each payload as a refused arXiv id: the answer renders as text, nothing runs", async () => {
    const submitter = await signIn(t, "submitter");
    const context = await browser.newContext();
    const page = await openPage(context);
    await page.evaluate(TRIPWIRES);
    // Rendered without the CSP (setContent keeps no response headers): escaping alone must hold.
    let echoed = 0;
    for (const payload of PAYLOADS) {
      const res = await postForm(t, "/submit", submitter, { paper: payload });
      assert.ok(res.status >= 400 && res.status < 500, `submitting ${JSON.stringify(payload)}: ${res.status}`);
      await page.setContent(await res.text(), { waitUntil: "domcontentloaded" });
      const seen = await page.evaluate<Inspection>(INSPECT_DOM);
      assert.deepEqual(seen.ran, [], payload);
      assert.deepEqual(seen.handlers, [], payload);
      assert.deepEqual(seen.scriptUrls, [], payload);
      assert.ok(
        seen.scripts.every((src) => /^\/static\/[\w.-]+\.js\?v=\w+$/.test(src)),
        `${payload}: only the site's own scripts: ${seen.scripts.join(", ")}`,
      );
      // The payload reached the page, as the text the form gives back to correct.
      if ((await page.inputValue("#field-paper")) === payload) echoed += 1;
    }
    assert.ok(echoed > PAYLOADS.length * 0.8, `payloads are given back as text (${echoed} of ${PAYLOADS.length})`);
    assert.deepEqual(dialogs, []);
    await context.close();
  });
});
