import type { Context, Hono } from "hono";
import type { App } from "../../app.js";
import type { Viewer } from "../../core/accounts/viewer.js";
import type { HttpEnv } from "../http/http-env.js";
import { clearSessionCookie, setSessionCookie } from "../http/session-cookie.js";
import { sendThrottledPage } from "./account-error-pages.js";
import { readForm, sendAccountPage } from "./account-forms.js";
import {
  changeEmailFormSchema,
  changePasswordFormSchema,
  createTokenFormSchema,
  deleteAccountFormSchema,
  displayNameFormSchema,
  profileSettingsFormSchema,
  revokeSessionFormSchema,
  revokeTokenFormSchema,
} from "./account-form-schemas.js";
import { type Flash, SessionsPage, SettingsPage, TokensPage } from "./settings-pages.js";

type C = Context<HttpEnv>;
type SignedIn = Viewer & { via: "session" };

/** What a redirect's `?done=` shows once (Post/Redirect/Get keeps reloads harmless). */
const DONE_MESSAGES: Readonly<Record<string, string>> = {
  name: "Display name saved.",
  profile: "Profile settings saved.",
  email: "We sent a link to the new address. Your address changes when you follow it.",
  password: "Password changed. Your other sessions have ended.",
  verify: "We sent a new confirmation link.",
  "session-revoked": "Session revoked.",
  "token-revoked": "Token revoked.",
};
const WRONG_PASSWORD = "That is not your current password.";

/** /settings, /settings/sessions, /settings/tokens: signed-in browser sessions only. */
export function registerSettingsRoutes(http: Hono<HttpEnv>, app: App): void {
  http.get("/settings", (c) => withSession(c, (viewer) => showSettings(c, viewer, doneFlash(c))));
  http.post("/settings/name", (c) => withSession(c, (viewer) => saveName(c, app, viewer)));
  http.post("/settings/profile", (c) => withSession(c, (viewer) => saveProfileSettings(c, app, viewer)));
  http.post("/settings/email", (c) => withSession(c, (viewer) => changeEmail(c, app, viewer)));
  http.post("/settings/password", (c) => withSession(c, (viewer) => changePassword(c, app, viewer)));
  http.post("/settings/delete", (c) => withSession(c, (viewer) => deleteAccount(c, app, viewer)));
  http.post("/settings/verify", (c) =>
    withSession(c, async (viewer) => {
      const result = await app.accounts.resendVerification(viewer.userId, c.get("client"));
      if (typeof result === "object") return sendThrottledPage(c, result.retryAfterSeconds);
      return c.redirect("/settings?done=verify", 303);
    }),
  );
  http.get("/settings/sessions", (c) => withSession(c, (viewer) => showSessions(c, app, viewer, doneFlash(c))));
  http.post("/settings/sessions/revoke", (c) =>
    withSession(c, async (viewer) => {
      const form = await readForm(c, revokeSessionFormSchema);
      if (!form.ok) return showSessions(c, app, viewer, { tone: "error", message: form.message }, 400);
      if (!(await app.accounts.revokeSession(viewer.userId, form.data.session_id))) {
        return showSessions(c, app, viewer, { tone: "error", message: "No such session: it has already ended." }, 404);
      }
      if (form.data.session_id === viewer.sessionId) {
        clearSessionCookie(c, app.config);
        return c.redirect("/", 303);
      }
      return c.redirect("/settings/sessions?done=session-revoked", 303);
    }),
  );
  http.get("/settings/tokens", (c) => withSession(c, (viewer) => showTokens(c, app, viewer, { flash: doneFlash(c) })));
  http.post("/settings/tokens", (c) => withSession(c, (viewer) => createToken(c, app, viewer)));
  http.post("/settings/tokens/revoke", (c) =>
    withSession(c, async (viewer) => {
      const form = await readForm(c, revokeTokenFormSchema);
      if (!form.ok) return showTokens(c, app, viewer, { flash: { tone: "error", message: form.message } }, 400);
      if (!(await app.accounts.revokeApiToken(viewer.userId, form.data.token_id))) {
        return showTokens(c, app, viewer, { flash: { tone: "error", message: "No such token." } }, 404);
      }
      return c.redirect("/settings/tokens?done=token-revoked", 303);
    }),
  );
}

/** Settings are for a browser session; anyone else is sent to sign in first (API tokens cannot manage the account). */
async function withSession(c: C, handle: (viewer: SignedIn) => Response | Promise<Response>): Promise<Response> {
  const viewer = c.get("viewer");
  if (viewer === null || viewer.via !== "session") {
    return c.redirect(`/login?next=${encodeURIComponent(c.req.method === "GET" ? c.req.path : "/settings")}`, 303);
  }
  return handle(viewer as SignedIn);
}

function doneFlash(c: C): Flash | undefined {
  const message = DONE_MESSAGES[c.req.query("done") ?? ""];
  return message === undefined ? undefined : { tone: "ok", message };
}

async function showSettings(c: C, viewer: Viewer, flash?: Flash, status: 200 | 400 | 401 = 200) {
  const profile = (await c.get("app").accounts.findProfileSettings(viewer.userId)) ?? { showUpvotes: false };
  return sendAccountPage(
    c,
    "Settings",
    <SettingsPage viewer={viewer} token={c.get("csrf").token()} flash={flash} profile={profile} />,
    status,
  );
}

async function showSessions(c: C, app: App, viewer: Viewer, flash?: Flash, status: 200 | 400 | 404 = 200) {
  const sessions = await app.accounts.listSessions(viewer.userId);
  const page = (
    <SessionsPage sessions={sessions} currentId={viewer.sessionId} token={c.get("csrf").token()} flash={flash} />
  );
  return sendAccountPage(c, "Your sessions", page, status);
}

async function showTokens(
  c: C,
  app: App,
  viewer: Viewer,
  extra: { flash?: Flash; created?: { name: string; secret: string } },
  status: 200 | 400 | 404 | 409 = 200,
) {
  const tokens = await app.accounts.listApiTokens(viewer.userId);
  return sendAccountPage(
    c,
    "API tokens",
    <TokensPage tokens={tokens} token={c.get("csrf").token()} {...extra} />,
    status,
  );
}

async function saveName(c: C, app: App, viewer: Viewer) {
  const form = await readForm(c, displayNameFormSchema);
  if (!form.ok) return showSettings(c, viewer, { tone: "error", message: form.message }, 400);
  await app.accounts.updateDisplayName(viewer.userId, form.data.display_name);
  return c.redirect("/settings?done=name", 303);
}

async function saveProfileSettings(c: C, app: App, viewer: Viewer) {
  const form = await readForm(c, profileSettingsFormSchema);
  if (!form.ok) return showSettings(c, viewer, { tone: "error", message: form.message }, 400);
  await app.accounts.updateProfileSettings(viewer.userId, { showUpvotes: form.data.show_upvotes });
  return c.redirect("/settings?done=profile", 303);
}

async function changeEmail(c: C, app: App, viewer: Viewer) {
  const form = await readForm(c, changeEmailFormSchema);
  if (!form.ok) return showSettings(c, viewer, { tone: "error", message: form.message }, 400);
  const result = await app.accounts.requestEmailChange(
    viewer.userId,
    form.data.current_password,
    form.data.email,
    c.get("client"),
  );
  if (result.kind === "throttled") return sendThrottledPage(c, result.retryAfterSeconds);
  if (result.kind === "wrong-password") return showSettings(c, viewer, { tone: "error", message: WRONG_PASSWORD }, 401);
  if (result.kind === "same-address") {
    return showSettings(c, viewer, { tone: "error", message: "That is already your address." }, 400);
  }
  return c.redirect("/settings?done=email", 303);
}

async function changePassword(c: C, app: App, viewer: Viewer) {
  const form = await readForm(c, changePasswordFormSchema);
  if (!form.ok) return showSettings(c, viewer, { tone: "error", message: form.message }, 400);
  const { current_password, new_password } = form.data;
  const result = await app.accounts.changePassword(viewer.userId, current_password, new_password, c.get("client"));
  if (result.kind === "throttled") return sendThrottledPage(c, result.retryAfterSeconds);
  if (result.kind === "wrong-password") return showSettings(c, viewer, { tone: "error", message: WRONG_PASSWORD }, 401);
  if (result.kind === "no-such-user") return c.redirect("/login", 303);
  setSessionCookie(c, app.config, result.sessionToken);
  return c.redirect("/settings?done=password", 303);
}

async function deleteAccount(c: C, app: App, viewer: Viewer) {
  const form = await readForm(c, deleteAccountFormSchema);
  if (!form.ok) return showSettings(c, viewer, { tone: "error", message: form.message }, 400);
  const result = await app.accounts.deleteAccount(viewer.userId, form.data.current_password, c.get("client"));
  if (typeof result === "object") return sendThrottledPage(c, result.retryAfterSeconds);
  if (result === "wrong-password") return showSettings(c, viewer, { tone: "error", message: WRONG_PASSWORD }, 401);
  clearSessionCookie(c, app.config);
  c.set("viewer", null);
  const body = (
    <>
      <h1>Account deleted</h1>
      <p>Your account, its sessions and its API tokens are gone.</p>
    </>
  );
  return sendAccountPage(c, "Account deleted", body);
}

async function createToken(c: C, app: App, viewer: Viewer) {
  const form = await readForm(c, createTokenFormSchema);
  if (!form.ok) return showTokens(c, app, viewer, { flash: { tone: "error", message: form.message } }, 400);
  const result = await app.accounts.createApiToken(viewer.userId, form.data.name);
  if (result.kind === "too-many") {
    const message = "You have as many tokens as an account may hold: revoke one first.";
    return showTokens(c, app, viewer, { flash: { tone: "error", message } }, 409);
  }
  return showTokens(c, app, viewer, { created: { name: result.apiToken.name, secret: result.token } });
}
