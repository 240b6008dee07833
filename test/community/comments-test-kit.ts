import type { Role } from "../../src/core/accounts/ports.js";
import type { DiscussionActor } from "../../src/core/discussion/discussion-service.js";
import { createSignedInUser } from "../accounts/account-test-kit.js";
import { createTestApp, toSourceLines } from "../helpers/test-app.js";

/**
 * Comment and profile tests: the real app on an in-memory database with the fixture papers,
 * members signed in without mail (createSignedInUser), and form posts that carry the
 * session cookie and the form's `_csrf` field as a browser would.
 */
export type Member = Awaited<ReturnType<typeof createSignedInUser>>;
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A paper with an old-style id (a slash in it) and no listing, published the day before the test clock. */
export const OLD_STYLE_PAPER = {
  id: "hep-th/9901001",
  title: "An Old-Style Identifier for Testing",
  abstract: "Old arXiv ids hold a slash.",
  authors: ["Edward Witten"],
  categories: ["hep-th"],
  published: "2026-06-29",
};

export async function startCommentsApp(): Promise<TestApp> {
  const t = await createTestApp();
  await t.app.importer.importLines(toSourceLines([JSON.stringify(OLD_STYLE_PAPER)]));
  return t;
}

export function signIn(t: TestApp, handle: string, role: Role = "user"): Promise<Member> {
  return createSignedInUser(t.app, { email: `${handle}@example.org`, handle, role });
}

/** Posts a form like the page's: urlencoded, with the session cookie and (unless told otherwise) `_csrf`. */
export async function postForm(
  t: TestApp,
  path: string,
  member: Member | null,
  fields: Record<string, string>,
  options: { csrf?: boolean } = {},
): Promise<Response> {
  const body = new URLSearchParams(fields);
  if (member && options.csrf !== false) body.set("_csrf", member.csrfToken);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (member) headers["cookie"] = member.headers["cookie"]!;
  return t.request(path, { method: "POST", headers, body: body.toString() });
}

/** A page as a member (or signed out) sees it: status and HTML. */
export async function getPage(t: TestApp, path: string, member: Member | null = null) {
  const res = await t.request(path, { headers: member ? { cookie: member.headers["cookie"]! } : {} });
  return { res, html: await res.text() };
}

/** The new comment's id, from the redirect a successful form post answers. */
export function commentIdOf(res: Response): number {
  const match = /#comment-(\d+)$/.exec(res.headers.get("location") ?? "");
  if (!match) throw new Error(`expected a redirect to a comment, got ${res.status} ${res.headers.get("location")}`);
  return Number(match[1]);
}

/** The Actor the discussion core takes, for set-up that skips HTTP. */
export function actorOf(member: Member): DiscussionActor {
  const { user } = member;
  return { userId: user.id, handle: user.handle, role: user.role, emailVerified: true, suspended: false };
}

/** The HTML of one comment's `<article>`, or null when the page does not show it. */
export function commentArticle(html: string, id: number): string | null {
  const start = html.indexOf(`<article class="comment`);
  if (start === -1) return null;
  const match = new RegExp(`<article class="comment[^"]*" id="comment-${id}">[\\s\\S]*?</article>`).exec(html);
  return match ? match[0] : null;
}

/** Undoes the HTML escaping hono/jsx applies to text. */
export function unescapeHtml(text: string): string {
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}
