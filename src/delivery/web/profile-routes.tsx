import type { Hono } from "hono";
import type { App } from "../../app.js";
import { handleFormatSchema } from "../../core/accounts/account-input.js";
import type { HttpEnv } from "../http/http-env.js";
import { sendNotFoundPage } from "./error-pages.js";
import { sendPage } from "./layout.js";
import { loadProfile } from "./profile-data.js";
import { ProfilePage } from "./profile-page.js";
import { profilePath } from "./profile-path.js";

/** `/users/{handle}`: a member's public profile; 404 for a handle no account has. */
export function registerProfileRoutes(http: Hono<HttpEnv>, app: App): void {
  http.get("/users/:handle", async (c) => {
    const raw = c.req.param("handle");
    const handle = handleFormatSchema.safeParse(raw);
    const profile = handle.success ? await loadProfile(app, handle.data) : null;
    if (profile === null) {
      return sendNotFoundPage(c, `No one on this hub has the handle @${raw.slice(0, 40)}.`);
    }
    // Handles are stored lower-case: /users/Ada leads to /users/ada.
    if (raw !== profile.handle) return c.redirect(profilePath(profile.handle), 301);
    return sendPage(c, <ProfilePage profile={profile} publicUrl={app.config.publicUrl} />);
  });
}
