/**
 * What a discussion operation answers. Failures name their kind so a route can pick the
 * status (401, 403, 404, 422, 503) without reading messages; messages are for people.
 */
export type DiscussionFailure = {
  readonly kind: "unauthenticated" | "forbidden" | "not-found" | "invalid" | "unavailable";
  readonly message: string;
};

export type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DiscussionFailure };

export function succeed<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T = never>(kind: DiscussionFailure["kind"], message: string): Outcome<T> {
  return { ok: false, error: { kind, message } };
}

/** 401: the request names no user. */
export function signInFirst<T = never>(): Outcome<T> {
  return fail("unauthenticated", "Sign in to take part.");
}

/** The failure for an actor that canPost (comment-permissions.ts) refused: 401 signed out, else 403 with the reason. */
export function refuseWriter<T = never>(actor: { emailVerified: boolean; suspended: boolean } | null): Outcome<T> {
  if (actor === null) return signInFirst();
  if (actor.suspended) return fail("forbidden", "Your account is suspended.");
  if (!actor.emailVerified) return fail("forbidden", "Confirm your email address first.");
  return fail("forbidden", "You cannot post.");
}

/** 401 when signed out, 403 otherwise: for operations reserved to moderators. */
export function refuseNonModerator<T = never>(actor: unknown, message: string): Outcome<T> {
  return actor === null ? signInFirst() : fail("forbidden", message);
}
