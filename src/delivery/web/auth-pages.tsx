import { PASSWORD_MIN_CHARS } from "../../core/accounts/account-input.js";
import { Field, Notice, PostForm } from "./account-forms.js";

/** The sign-up, sign-in, address and password-reset pages (routes in auth-routes.tsx). */

export interface SignUpValues {
  readonly email?: string;
  readonly handle?: string;
  readonly displayName?: string;
}

export function SignUpPage({ token, values, error }: { token: string; values?: SignUpValues; error?: string }) {
  return (
    <>
      <h1>Sign up</h1>
      <p>An account lets you upvote, submit and discuss papers. We send one mail to confirm your address.</p>
      {error && <Notice tone="error">{error}</Notice>}
      <PostForm action="/signup" token={token} submit="Create account">
        <Field name="email" label="Email" type="email" autocomplete="email" value={values?.email} maxLength={254} />
        <Field
          name="handle"
          label="Handle"
          autocomplete="username"
          value={values?.handle}
          minLength={3}
          maxLength={30}
          hint="Public, in your profile's address: 3 to 30 letters, digits, _ or -."
        />
        <Field
          name="display_name"
          label="Display name (optional)"
          autocomplete="name"
          value={values?.displayName}
          maxLength={50}
          required={false}
          hint="Shown beside what you write; your handle when left empty."
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          minLength={PASSWORD_MIN_CHARS}
          hint={`At least ${PASSWORD_MIN_CHARS} characters; a few unrelated words make a good one.`}
        />
      </PostForm>
      <p>
        Already have an account? <a href="/login">Log in</a>.
      </p>
    </>
  );
}

export function SignUpClosedPage() {
  return (
    <>
      <h1>Sign-up is closed</h1>
      <p>The people who run this hub are not taking new accounts at the moment.</p>
    </>
  );
}

/** The same page whether the address was new or already had an account. */
export function CheckInboxPage({ what }: { what: string }) {
  return (
    <>
      <h1>Check your inbox</h1>
      <Notice tone="ok">{what}</Notice>
      <p class="muted">Nothing there after a few minutes? Look in the spam folder, or try again later.</p>
    </>
  );
}

export function LoginPage({
  token,
  email,
  next,
  error,
}: {
  token: string;
  email?: string;
  next?: string;
  error?: string;
}) {
  return (
    <>
      <h1>Log in</h1>
      {error && <Notice tone="error">{error}</Notice>}
      <PostForm action="/login" token={token} submit="Log in">
        {next && next !== "/" && <input type="hidden" name="next" value={next} />}
        <Field name="email" label="Email" type="email" autocomplete="email" value={email} maxLength={254} />
        <Field name="password" label="Password" type="password" autocomplete="current-password" />
      </PostForm>
      <p>
        <a href="/reset">Forgot your password?</a> · No account yet? <a href="/signup">Sign up</a>.
      </p>
    </>
  );
}

export function ConfirmAddressPage({
  token,
  linkToken,
  email,
  change,
}: {
  token: string;
  linkToken: string;
  email: string;
  change: boolean;
}) {
  return (
    <>
      <h1>{change ? "Confirm your new address" : "Confirm your address"}</h1>
      <p>
        {change ? "Make " : "Confirm "}
        <strong>{email}</strong>
        {change ? " the address of your account." : " as the address of your account."}
      </p>
      <PostForm action="/verify" token={token} submit={change ? "Use this address" : "Confirm address"}>
        <input type="hidden" name="token" value={linkToken} />
      </PostForm>
    </>
  );
}

export function AddressConfirmedPage({ email, signedIn }: { email: string; signedIn: boolean }) {
  return (
    <>
      <h1>Address confirmed</h1>
      <Notice tone="ok">
        <strong>{email}</strong> is now the confirmed address of your account.
      </Notice>
      <p>{signedIn ? <a href="/settings">Back to your settings</a> : <a href="/login">Log in</a>}</p>
    </>
  );
}

export function InvalidLinkPage({ reason }: { reason?: string }) {
  return (
    <>
      <h1>This link does not work any more</h1>
      <p>{reason ?? "It has expired, was already used, or was replaced by a newer one."}</p>
      <p>
        Ask for a new one: <a href="/reset">reset your password</a>, or confirm your address from{" "}
        <a href="/settings">your settings</a>.
      </p>
    </>
  );
}

export function ResetRequestPage({ token, email, error }: { token: string; email?: string; error?: string }) {
  return (
    <>
      <h1>Reset your password</h1>
      <p>Enter the address of your account; we mail it a link to choose a new password.</p>
      {error && <Notice tone="error">{error}</Notice>}
      <PostForm action="/reset" token={token} submit="Send the link">
        <Field name="email" label="Email" type="email" autocomplete="email" value={email} maxLength={254} />
      </PostForm>
    </>
  );
}

export function ResetPasswordPage({ token, linkToken, error }: { token: string; linkToken: string; error?: string }) {
  return (
    <>
      <h1>Choose a new password</h1>
      {error && <Notice tone="error">{error}</Notice>}
      <PostForm action="/reset/password" token={token} submit="Set password">
        <input type="hidden" name="token" value={linkToken} />
        <Field
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          minLength={PASSWORD_MIN_CHARS}
          hint={`At least ${PASSWORD_MIN_CHARS} characters. Setting it signs you out on every device.`}
        />
      </PostForm>
    </>
  );
}

export function PasswordSetPage() {
  return (
    <>
      <h1>Password changed</h1>
      <Notice tone="ok">Your new password is set, and every session of your account has ended.</Notice>
      <p>
        <a href="/login">Log in</a> with the new password.
      </p>
    </>
  );
}
