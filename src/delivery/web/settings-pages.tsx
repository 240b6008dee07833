import type { ApiToken, ProfileSettings, Session } from "../../core/accounts/ports.js";
import { PASSWORD_MIN_CHARS } from "../../core/accounts/account-input.js";
import type { Viewer } from "../../core/accounts/viewer.js";
import { Field, Notice, PostForm } from "./account-forms.js";
import { profilePath } from "./profile-path.js";
import { describeUserAgent } from "./user-agent.js";

/** /settings, /settings/sessions and /settings/tokens (routes in settings-routes.tsx). */

export interface Flash {
  readonly tone: "error" | "ok";
  readonly message: string;
}

export function SettingsNav({ current }: { current: "account" | "sessions" | "tokens" | "digests" }) {
  const items = [
    { key: "account", href: "/settings", label: "Account" },
    { key: "sessions", href: "/settings/sessions", label: "Sessions" },
    { key: "tokens", href: "/settings/tokens", label: "API tokens" },
    { key: "digests", href: "/settings/digests", label: "Email digests" },
  ] as const;
  return (
    <nav class="settings-nav" aria-label="Settings">
      {items.map((item) => (
        <a href={item.href} aria-current={item.key === current ? "page" : undefined}>
          {item.label}
        </a>
      ))}
    </nav>
  );
}

export function SettingsPage({
  viewer,
  token,
  flash,
  profile,
}: {
  viewer: Viewer;
  token: string;
  flash?: Flash;
  profile: ProfileSettings;
}) {
  return (
    <>
      <h1>Settings</h1>
      <SettingsNav current="account" />
      {flash && <Notice tone={flash.tone}>{flash.message}</Notice>}
      <p>
        Signed in as <strong>@{viewer.handle}</strong> ({viewer.role}).
      </p>
      {!viewer.emailVerified && (
        <PostForm action="/settings/verify" token={token} submit="Send the confirmation link again">
          <p>Your address {viewer.email} is not confirmed yet: follow the link we mailed you.</p>
        </PostForm>
      )}
      <h2>Display name</h2>
      <PostForm action="/settings/name" token={token} submit="Save name">
        <Field name="display_name" label="Display name" autocomplete="name" value={viewer.displayName} maxLength={50} />
      </PostForm>
      <h2>Profile</h2>
      <p>
        Your public profile is <a href={profilePath(viewer.handle)}>{profilePath(viewer.handle)}</a>: your name, your
        submissions and your comments.
      </p>
      <PostForm action="/settings/profile" token={token} submit="Save profile settings">
        <p class="field">
          <label>
            <input type="checkbox" name="show_upvotes" value="1" checked={profile.showUpvotes} /> Also show the papers I
            upvoted
          </label>
        </p>
      </PostForm>
      <h2>Email address</h2>
      <p>
        Now: <strong>{viewer.email}</strong>. We mail a link to the new address; the change happens when you follow it,
        and the old address is told.
      </p>
      <PostForm action="/settings/email" token={token} submit="Change address">
        <Field name="email" label="New email" type="email" autocomplete="email" maxLength={254} />
        <Field name="current_password" label="Current password" type="password" autocomplete="current-password" />
      </PostForm>
      <h2>Password</h2>
      <PostForm action="/settings/password" token={token} submit="Change password">
        <Field name="current_password" label="Current password" type="password" autocomplete="current-password" />
        <Field
          name="new_password"
          label="New password"
          type="password"
          autocomplete="new-password"
          minLength={PASSWORD_MIN_CHARS}
          hint="Your other sessions end when it changes."
        />
      </PostForm>
      <h2>Delete account</h2>
      <p>This deletes your account, its sessions and API tokens at once. It cannot be undone.</p>
      <PostForm action="/settings/delete" token={token} submit="Delete my account" danger>
        <Field name="current_password" label="Current password" type="password" autocomplete="current-password" />
      </PostForm>
    </>
  );
}

export function SessionsPage(props: {
  sessions: readonly Session[];
  currentId: number | null;
  token: string;
  flash?: Flash;
}) {
  return (
    <>
      <h1>Your sessions</h1>
      <SettingsNav current="sessions" />
      {props.flash && <Notice tone={props.flash.tone}>{props.flash.message}</Notice>}
      <p>Every browser signed in to your account. Revoke any you do not recognise, then change your password.</p>
      <table class="account-table">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">IP address</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span class="sr-only">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.sessions.map((s) => (
            <tr>
              <td>
                {describeUserAgent(s.userAgent)}
                {s.id === props.currentId && <strong> (this browser)</strong>}
              </td>
              <td>{s.ip}</td>
              <td>{formatTime(s.createdAt)}</td>
              <td>{formatTime(s.lastSeenAt)}</td>
              <td>
                <PostForm action="/settings/sessions/revoke" token={props.token} submit="Revoke">
                  <input type="hidden" name="session_id" value={String(s.id)} />
                </PostForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function TokensPage(props: {
  tokens: readonly ApiToken[];
  token: string;
  created?: { name: string; secret: string };
  flash?: Flash;
}) {
  return (
    <>
      <h1>Personal API tokens</h1>
      <SettingsNav current="tokens" />
      {props.flash && <Notice tone={props.flash.tone}>{props.flash.message}</Notice>}
      {props.created && (
        <div class="token-once" role="status">
          <p>
            Your new token <strong>{props.created.name}</strong>. Copy it now: it is shown this once.
          </p>
          <p>
            <code class="token-value">{props.created.secret}</code>
          </p>
          <p class="muted">
            Send it as <code>Authorization: Bearer …</code> to the write API.
          </p>
        </div>
      )}
      <PostForm action="/settings/tokens" token={props.token} submit="Create token">
        <Field
          name="name"
          label="Token name"
          autocomplete="off"
          maxLength={60}
          hint="What uses it, e.g. “laptop script”."
        />
      </PostForm>
      {props.tokens.length === 0 ? (
        <p>No tokens yet.</p>
      ) : (
        <table class="account-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td>{formatTime(t.createdAt)}</td>
                <td>{t.lastUsedAt === null ? "never" : formatTime(t.lastUsedAt)}</td>
                <td>
                  <PostForm action="/settings/tokens/revoke" token={props.token} submit="Revoke">
                    <input type="hidden" name="token_id" value={String(t.id)} />
                  </PostForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** "2026-06-30 12:00 UTC": minutes are precise enough to recognise a session. */
function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
