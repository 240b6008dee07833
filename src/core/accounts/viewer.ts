import { hasRole } from "./roles.js";
import type { Role, User } from "./ports.js";

/**
 * Who is making a request: resolved from the session cookie or a personal API token.
 * Routes read it as `c.get("viewer")` (null when signed out); see docs/architecture.md.
 */
export interface Viewer {
  readonly userId: number;
  readonly handle: string;
  readonly displayName: string;
  readonly email: string;
  readonly role: Role;
  readonly emailVerified: boolean;
  readonly suspended: boolean;
  /** How the request proved who it is: a browser session, or `Authorization: Bearer`. */
  readonly via: "session" | "api-token";
  /** The session's id (for "this device" and the CSRF token); null for API tokens. */
  readonly sessionId: number | null;
}

export function presentViewer(user: User, via: Viewer["via"], sessionId: number | null): Viewer {
  return {
    userId: user.id,
    handle: user.handle,
    displayName: user.displayName,
    email: user.email,
    role: user.role,
    emailVerified: user.emailVerifiedAt !== null,
    suspended: user.suspendedAt !== null,
    via,
    sessionId,
  };
}

/** May write (comment, vote, submit): a confirmed address and not suspended. */
export function canContribute(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null && viewer.emailVerified && !viewer.suspended;
}

/** Holds `role` or a higher one, and is not suspended. */
export function canActAs(viewer: Viewer | null, role: Role): viewer is Viewer {
  return viewer !== null && !viewer.suspended && hasRole(viewer.role, role);
}
