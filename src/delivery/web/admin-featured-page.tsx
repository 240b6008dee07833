import type { Hono } from "hono";
import type { DayListingRow } from "../../core/listings/featuring-service.js";
import type { HttpEnv } from "../http/http-env.js";
import type { PageStatus } from "./layout.js";
import {
  type AdminContext,
  type AdminFlash,
  type AdminViewer,
  FlashNotice,
  failureStatus,
  readDoneFlash,
  sendAdminPage,
  withRole,
} from "./admin-access.js";
import { dayField, featureFormSchema } from "./admin-form-schemas.js";
import type { ModerationServices } from "../../app-moderation.js";
import { CsrfField, readForm } from "./account-forms.js";
import { paperPath } from "./paths.js";

const DONE: Record<string, string> = {
  featured: "Featured: the paper leads the day's list.",
  unfeatured: "No longer featured; the paper stays on the list.",
  unchanged: "Nothing changed: the paper was already featured (or not featured) that day.",
};

/** /admin/featured: curators feature papers on a day's list (the paper page posts here too). */
export function registerAdminFeaturedPage(http: Hono<HttpEnv>, services: ModerationServices): void {
  http.get("/admin/featured", (c) => withRole(c, "curator", (v) => showDay(c, services, v, readDoneFlash(c, DONE))));
  for (const feature of [true, false]) {
    http.post(feature ? "/admin/featured/feature" : "/admin/featured/unfeature", (c) =>
      withRole(c, "curator", async (viewer) => {
        const form = await readForm(c, featureFormSchema);
        if (!form.ok) return showDay(c, services, viewer, { tone: "error", message: form.message }, 400);
        const { paper_id: paperId, back } = form.data;
        const day = form.data.day ?? services.featuring.today();
        const input = { paperId, day, reason: form.data.reason || null };
        const outcome = feature
          ? await services.featuring.feature(viewer, input)
          : await services.featuring.unfeature(viewer, input);
        if (!outcome.ok) {
          const flash = { tone: "error" as const, message: outcome.error.message };
          return showDay(c, services, viewer, flash, failureStatus(outcome.error), day);
        }
        const changed = outcome.value !== "unchanged" && outcome.value !== false;
        const done = !changed ? "unchanged" : feature ? "featured" : "unfeatured";
        // Back to the paper, at its daily listings, which now name the curator.
        if (back === "paper") return c.redirect(`${paperPath(paperId)}#listings-heading`, 303);
        return c.redirect(`/admin/featured?day=${day}&done=${done}`, 303);
      }),
    );
  }
}

async function showDay(
  c: AdminContext,
  services: ModerationServices,
  viewer: AdminViewer,
  flash?: AdminFlash,
  status: PageStatus = 200,
  formDay?: string,
) {
  const asked = dayField.safeParse(formDay ?? c.req.query("day") ?? services.featuring.today());
  if (!asked.success) {
    return sendAdminPage(c, "Featured papers", <p role="alert">Give the day as YYYY-MM-DD.</p>, 400);
  }
  const day = asked.data;
  const listed = await services.featuring.listDay(viewer, day);
  if (!listed.ok)
    return sendAdminPage(c, "Featured papers", <p>{listed.error.message}</p>, failureStatus(listed.error));
  const token = c.get("csrf").token();
  return sendAdminPage(
    c,
    "Featured papers",
    <>
      <h1>Featured papers of {day}</h1>
      <FlashNotice flash={flash} />
      <form method="get" action="/admin/featured" class="admin-inline-form">
        <label for="featured-day">Day</label>
        <input id="featured-day" name="day" type="date" value={day} />
        <button type="submit">Show</button>
      </form>
      <section aria-labelledby="feature-heading">
        <h2 id="feature-heading">Feature a paper</h2>
        <p class="muted">A paper not yet on the day's list is added to it.</p>
        <form method="post" action="/admin/featured/feature" class="admin-inline-form">
          <CsrfField token={token} />
          <input type="hidden" name="day" value={day} />
          <label for="feature-paper">arXiv id</label>
          <input id="feature-paper" name="paper_id" required placeholder="2501.01234" />
          <label for="feature-reason">Note (optional)</label>
          <input id="feature-reason" name="reason" maxlength={500} />
          <button type="submit">Feature</button>
        </form>
      </section>
      <h2>The day's list</h2>
      {listed.value.length === 0 ? (
        <p>Nothing is listed on {day}.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Paper</th>
              <th scope="col">Submitted by</th>
              <th scope="col">Featured</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {listed.value.map((row) => (
              <DayRow row={row} day={day} token={token} />
            ))}
          </tbody>
        </table>
      )}
    </>,
    status,
  );
}

function DayRow({ row, day, token }: { row: DayListingRow; day: string; token: string }) {
  const { listing, paper } = row;
  const featured = listing.featuredBy !== null;
  return (
    <tr>
      <th scope="row">
        <a href={paperPath(paper.id)}>{paper.title}</a> <span class="mono">{paper.id}</span>
      </th>
      <td>{listing.submittedBy ?? ""}</td>
      <td>{featured ? `featured by ${listing.featuredBy}` : "no"}</td>
      <td>
        <form
          method="post"
          action={featured ? "/admin/featured/unfeature" : "/admin/featured/feature"}
          class="admin-inline-form"
        >
          <CsrfField token={token} />
          <input type="hidden" name="day" value={day} />
          <input type="hidden" name="paper_id" value={paper.id} />
          <button type="submit">{featured ? "Unfeature" : "Feature"}</button>
        </form>
      </td>
    </tr>
  );
}
