import type { Context, Hono } from "hono";
import type { App } from "../../app.js";
import type { HttpEnv } from "../http/http-env.js";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "../http/session-cookie.js";
import { sendThrottledPage } from "./account-error-pages.js";
import { readForm, sendAccountPage } from "./account-forms.js";
import {
  confirmAddressFormSchema,
  emailLinkTokenSchema,
  loginFormSchema,
  resetPasswordFormSchema,
  resetRequestFormSchema,
  safeNextPath,
  signUpFormSchema,
} from "./account-form-schemas.js";
import {
  AddressConfirmedPage,
  CheckInboxPage,
  ConfirmAddressPage,
  InvalidLinkPage,
  LoginPage,
  PasswordSetPage,
  ResetPasswordPage,
  ResetRequestPage,
  SignUpClosedPage,
  SignUpPage,
} from "./auth-pages.js";

type C = Context<HttpEnv>;

/** Pages opened from a mail link hold its secret in their URL: it must not leave in a Referer. */
const LINK_PAGE_REFERRER_POLICY = "no-referrer";

/** One message for an unknown address and a wrong password: the answer never says which. */
const BAD_CREDENTIALS = "Wrong email or password.";

/** /signup, /login, /logout, /verify and /reset. */
export function registerAuthRoutes(http: Hono<HttpEnv>, app: App): void {
  http.get("/signup", (c) => showSignUp(c, app));
  http.post("/signup", (c) => signUp(c, app));
  http.get("/login", (c) => {
    const next = safeNextPath(c.req.query("next"));
    if (c.get("viewer") !== null) return c.redirect(next, 303);
    return sendAccountPage(c, "Log in", <LoginPage token={c.get("csrf").token()} next={next} />);
  });
  http.post("/login", (c) => logIn(c, app));
  http.post("/logout", async (c) => {
    const token = readSessionCookie(c, app.config);
    if (token !== null) await app.accounts.logOut(token);
    clearSessionCookie(c, app.config);
    return c.redirect("/", 303);
  });
  http.get("/verify", (c) => showConfirmAddress(c, app));
  http.post("/verify", (c) => confirmAddress(c, app));
  http.get("/reset", (c) => showReset(c, app));
  http.post("/reset", (c) => requestReset(c, app));
  http.post("/reset/password", (c) => resetPassword(c, app));
}

function showSignUp(c: C, app: App) {
  if (!app.config.accounts.signupOpen) return sendAccountPage(c, "Sign up", <SignUpClosedPage />, 403);
  if (c.get("viewer") !== null) return c.redirect("/settings", 303);
  return sendAccountPage(c, "Sign up", <SignUpPage token={c.get("csrf").token()} />);
}

async function signUp(c: C, app: App) {
  if (!app.config.accounts.signupOpen) return sendAccountPage(c, "Sign up", <SignUpClosedPage />, 403);
  const form = await readForm(c, signUpFormSchema);
  const token = c.get("csrf").token();
  if (!form.ok) {
    const body = await c.req.parseBody();
    const values = { email: text(body.email), handle: text(body.handle), displayName: text(body.display_name) };
    return sendAccountPage(c, "Sign up", <SignUpPage token={token} values={values} error={form.message} />, 400);
  }
  const { email, handle, display_name, password } = form.data;
  const result = await app.accounts.signUp(
    { email, handle, displayName: display_name ?? handle, password },
    c.get("client"),
  );
  if (result.kind === "throttled") return sendThrottledPage(c, result.retryAfterSeconds);
  if (result.kind === "handle-taken") {
    const values = { email, handle, displayName: display_name };
    const error = `The handle "${handle}" is taken; choose another.`;
    return sendAccountPage(c, "Sign up", <SignUpPage token={token} values={values} error={error} />, 409);
  }
  return sendAccountPage(
    c,
    "Check your inbox",
    <CheckInboxPage what={`We sent a mail to ${email}. Follow its link to confirm your address.`} />,
  );
}

async function logIn(c: C, app: App) {
  const form = await readForm(c, loginFormSchema);
  const token = c.get("csrf").token();
  if (!form.ok) return sendAccountPage(c, "Log in", <LoginPage token={token} error={form.message} />, 400);
  const { email, password, next } = form.data;
  const previous = readSessionCookie(c, app.config);
  const result = await app.accounts.logIn(email, password, c.get("client"), previous);
  if (result.kind === "throttled") return sendThrottledPage(c, result.retryAfterSeconds);
  if (result.kind === "bad-credentials") {
    const page = <LoginPage token={token} email={email} next={safeNextPath(next)} error={BAD_CREDENTIALS} />;
    return sendAccountPage(c, "Log in", page, 401);
  }
  setSessionCookie(c, app.config, result.sessionToken);
  c.header("Cache-Control", "no-store");
  return c.redirect(safeNextPath(next), 303);
}

async function showConfirmAddress(c: C, app: App) {
  c.header("Referrer-Policy", LINK_PAGE_REFERRER_POLICY);
  const linkToken = emailLinkTokenSchema.safeParse(c.req.query("token"));
  const link = linkToken.success ? await app.accounts.peekAddressLink(linkToken.data) : null;
  if (!linkToken.success || link === null) return sendAccountPage(c, "Link expired", <InvalidLinkPage />, 400);
  const page = (
    <ConfirmAddressPage
      token={c.get("csrf").token()}
      linkToken={linkToken.data}
      email={link.email}
      change={link.purpose === "change_email"}
    />
  );
  return sendAccountPage(c, "Confirm your address", page);
}

async function confirmAddress(c: C, app: App) {
  const form = await readForm(c, confirmAddressFormSchema);
  if (!form.ok) return sendAccountPage(c, "Link expired", <InvalidLinkPage reason={form.message} />, 400);
  const result = await app.accounts.confirmAddress(form.data.token);
  if (result.kind === "invalid-link") return sendAccountPage(c, "Link expired", <InvalidLinkPage />, 400);
  if (result.kind === "address-taken") {
    const reason = "That address now belongs to another account, so your account keeps its current address.";
    return sendAccountPage(c, "Address taken", <InvalidLinkPage reason={reason} />, 409);
  }
  const page = <AddressConfirmedPage email={result.email} signedIn={c.get("viewer") !== null} />;
  return sendAccountPage(c, "Address confirmed", page);
}

async function showReset(c: C, app: App) {
  c.header("Referrer-Policy", LINK_PAGE_REFERRER_POLICY);
  const token = c.get("csrf").token();
  const raw = c.req.query("token");
  if (raw === undefined) return sendAccountPage(c, "Reset your password", <ResetRequestPage token={token} />);
  const linkToken = emailLinkTokenSchema.safeParse(raw);
  if (!linkToken.success || !(await app.accounts.isResetLinkUsable(linkToken.data))) {
    return sendAccountPage(c, "Link expired", <InvalidLinkPage />, 400);
  }
  return sendAccountPage(c, "Choose a new password", <ResetPasswordPage token={token} linkToken={linkToken.data} />);
}

async function requestReset(c: C, app: App) {
  const form = await readForm(c, resetRequestFormSchema);
  const token = c.get("csrf").token();
  if (!form.ok)
    return sendAccountPage(c, "Reset your password", <ResetRequestPage token={token} error={form.message} />, 400);
  const result = await app.accounts.requestPasswordReset(form.data.email, c.get("client"));
  if (result !== "mail-sent") return sendThrottledPage(c, result.retryAfterSeconds);
  const what = `If ${form.data.email} belongs to an account, it will receive a link to choose a new password.`;
  return sendAccountPage(c, "Check your inbox", <CheckInboxPage what={what} />);
}

async function resetPassword(c: C, app: App) {
  const form = await readForm(c, resetPasswordFormSchema);
  if (!form.ok) {
    const linkToken = text((await c.req.parseBody()).token);
    if (linkToken === undefined || !emailLinkTokenSchema.safeParse(linkToken).success) {
      return sendAccountPage(c, "Link expired", <InvalidLinkPage />, 400);
    }
    const page = <ResetPasswordPage token={c.get("csrf").token()} linkToken={linkToken} error={form.message} />;
    return sendAccountPage(c, "Choose a new password", page, 400);
  }
  const result = await app.accounts.resetPassword(form.data.token, form.data.password);
  if (result === "invalid-link") return sendAccountPage(c, "Link expired", <InvalidLinkPage />, 400);
  clearSessionCookie(c, app.config);
  c.set("viewer", null);
  return sendAccountPage(c, "Password changed", <PasswordSetPage />);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value.slice(0, 300) : undefined;
}
