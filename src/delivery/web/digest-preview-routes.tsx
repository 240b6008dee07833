import type { Context, Hono } from "hono";
import { z } from "zod";
import type { App } from "../../app.js";
import { canActAs } from "../../core/accounts/viewer.js";
import type { DigestTopic } from "../../core/digests/digest-topics.js";
import { createPublicId } from "../../core/digests/link-tokens.js";
import type { DigestList } from "../../core/digests/ports.js";
import type { HttpEnv } from "../http/http-env.js";
import { sendAccountPage } from "./account-forms.js";

const TOKEN = z.string().regex(/^[A-Za-z0-9._-]{20,600}$/);
const PUBLIC_ID = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
const LIST = z.enum(["daily", "weekly"]);

/**
 * The mail's own HTML, shown as a page. It has inline styles and no script; this policy
 * allows exactly that (no script at all, no framing), in place of the site's CSP.
 */
const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'";

/**
 * Digest previews: for admins, a list's current issue as a subscriber without topics gets
 * it; for a subscriber (by their manage link), their own digest with their topics.
 */
export function registerDigestPreviewRoutes(http: Hono<HttpEnv>, app: App): void {
  async function sendPreview(
    c: Context<HttpEnv>,
    list: DigestList,
    topics: readonly DigestTopic[],
    ids: { subscriptionPublicId: string; subscriberPublicId: string },
  ) {
    const { period, papers, selection } = await app.digests.service.previewSelection(list, topics);
    if (selection.kind === "skip") {
      return sendAccountPage(
        c,
        "Digest preview",
        <p>
          Only {selection.available} papers for {period.key}: this period would send no digest.
        </p>,
      );
    }
    const publicId = createPublicId();
    const mail = await app.digests.compose({
      list,
      issue: { periodKey: period.key },
      delivery: {
        publicId,
        messageId: `preview.${publicId}@localhost`,
        toEmail: "preview@localhost",
        ...ids,
        selection: selection.papers,
      },
      papers,
      now: app.now(),
    });
    c.header("Content-Security-Policy", PREVIEW_CSP);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "private, no-store");
    return c.html(mail.html ?? "");
  }

  http.get("/admin/digests/:list/preview", async (c) => {
    if (!canActAs(c.get("viewer"), "admin")) return c.text("Sign in as an admin to preview digests.", 404);
    const slug = LIST.safeParse(c.req.param("list"));
    const list = slug.success ? await app.digests.service.findList(slug.data) : null;
    if (list === null) return c.text("No such list: use daily or weekly.", 404);
    return sendPreview(c, list, [], { subscriptionPublicId: createPublicId(), subscriberPublicId: createPublicId() });
  });

  http.get("/subscriptions/manage/:token/preview/:subscription", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    const id = PUBLIC_ID.safeParse(c.req.param("subscription"));
    const records = token.success && id.success ? await app.digests.subscriptions.findManaged(token.data) : null;
    const record = records?.find((r) => id.success && r.subscriptionPublicId === id.data);
    const list = record === undefined ? null : await app.digests.service.findList(record.listSlug);
    if (record === undefined || list === null) {
      return sendAccountPage(c, "Link not valid", <h1>This link does not work</h1>, 404);
    }
    return sendPreview(c, list, record.topics, record);
  });
}
