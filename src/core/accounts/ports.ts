/**
 * What the accounts core needs from the outside: storage of users, sessions, tokens and
 * throttle counts, password hashing, secret tokens and account mail. Times are Dates in,
 * ISO 8601 UTC strings at rest. Secrets never reach a store: only their SHA-256 does.
 */

export const ROLES = ["user", "curator", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  readonly id: number;
  readonly email: string;
  readonly handle: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly emailVerifiedAt: string | null;
  readonly suspendedAt: string | null;
  readonly createdAt: string;
}

export interface NewUser {
  readonly email: string;
  readonly handle: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly emailVerifiedAt: string | null;
  readonly createdAt: string;
}

export interface UserStore {
  /** Null when the email or handle is already taken (the unique keys decide, race-free). */
  insert(user: NewUser): Promise<User | null>;
  findById(id: number): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  findByHandle(handle: string): Promise<User | null>;
  /** False when another account holds the address. */
  updateEmail(id: number, email: string, verifiedAt: string, now: string): Promise<boolean>;
  updatePassword(id: number, passwordHash: string, now: string): Promise<void>;
  markEmailVerified(id: number, email: string, now: string): Promise<void>;
  updateDisplayName(id: number, displayName: string, now: string): Promise<void>;
  updateRole(id: number, role: Role, now: string): Promise<void>;
  setSuspended(id: number, suspendedAt: string | null, now: string): Promise<void>;
  /** Deletes the user with their sessions, API tokens and email links. */
  delete(id: number): Promise<void>;
  /** Null when there is no such user. */
  findProfileSettings(id: number): Promise<ProfileSettings | null>;
  updateProfileSettings(id: number, settings: ProfileSettings, now: string): Promise<void>;
}

/** What a user chose to show on their public profile. */
export interface ProfileSettings {
  /** List the papers they upvoted (off by default). */
  readonly showUpvotes: boolean;
}

/** A search of the user list: by handle or email, newest account first. */
export interface UserSearch {
  /** Part of a handle or email address, case-insensitive; empty: everyone. */
  readonly query: string;
  readonly offset: number;
  readonly limit: number;
}

/** What the admin pages need beyond UserStore. */
export interface UserAdminStore {
  search(search: UserSearch): Promise<{ items: User[]; total: number }>;
  /**
   * Sets the role in one statement that refuses to take the admin role from the last admin who
   * is not suspended (so the hub always keeps someone who can change roles).
   */
  updateRoleKeepingAnAdmin(id: number, role: Role, now: string): Promise<"updated" | "last-admin" | "not-found">;
}

export interface Session {
  readonly id: number;
  readonly userId: number;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  readonly userAgent: string;
  readonly ip: string;
}

export interface SessionStore {
  insert(session: Omit<Session, "id"> & { tokenHash: string }): Promise<Session>;
  findByTokenHash(tokenHash: string): Promise<Session | null>;
  touch(id: number, lastSeenAt: string, ip: string, userAgent: string): Promise<void>;
  listForUser(userId: number): Promise<Session[]>;
  /** Only the user's own session: false when `id` is not theirs. */
  delete(userId: number, id: number): Promise<boolean>;
  deleteByTokenHash(tokenHash: string): Promise<void>;
  /** Every session of the user except `keepId` (null: all). */
  deleteAllForUser(userId: number, keepId: number | null): Promise<void>;
  /** Sessions idle since `idleCutoff` or past their absolute end at `now`. */
  deleteExpired(idleCutoff: string, now: string): Promise<number>;
}

export interface ApiToken {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export interface ApiTokenStore {
  insert(token: { userId: number; name: string; tokenHash: string; createdAt: string }): Promise<ApiToken>;
  findByTokenHash(tokenHash: string): Promise<ApiToken | null>;
  markUsed(id: number, at: string): Promise<void>;
  listForUser(userId: number): Promise<ApiToken[]>;
  delete(userId: number, id: number): Promise<boolean>;
}

export type EmailTokenPurpose = "verify" | "reset" | "change_email";

export interface EmailToken {
  readonly id: number;
  readonly userId: number;
  readonly purpose: EmailTokenPurpose;
  readonly email: string;
  readonly expiresAt: string;
}

export interface EmailTokenStore {
  insert(token: Omit<EmailToken, "id"> & { tokenHash: string; createdAt: string }): Promise<void>;
  /** An unused, unexpired link. */
  findUsable(tokenHash: string, now: string): Promise<EmailToken | null>;
  /** Marks the link used; false when it already was (another request won). */
  consume(id: number, now: string): Promise<boolean>;
  /** Retires the user's open links of one purpose (a new reset link replaces the old). */
  retire(userId: number, purpose: EmailTokenPurpose, now: string): Promise<void>;
  /** Deletes links that expired before `cutoff`, used or not. */
  deleteExpired(cutoff: string): Promise<number>;
}

export interface ThrottleState {
  readonly hits: number;
  readonly firstHitAt: string;
  readonly lastHitAt: string;
  readonly blockedUntil: string | null;
}

export interface ThrottleStore {
  read(key: string): Promise<ThrottleState | null>;
  /** Reads, applies `change` and writes in one transaction (shared by every process). */
  update(key: string, change: (state: ThrottleState | null) => ThrottleState): Promise<ThrottleState>;
  clear(key: string): Promise<void>;
  deleteIdleSince(cutoff: string): Promise<number>;
}

/** Everything the accounts core keeps. */
export interface AccountStorage {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly apiTokens: ApiTokenStore;
  readonly emailTokens: EmailTokenStore;
  readonly throttle: ThrottleStore;
  /** Search and guarded role changes for the admin pages. */
  readonly userAdmin: UserAdminStore;
  /** A random key named `name`, made on first use and the same for every process. */
  secret(name: string): Promise<Buffer>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * A valid hash of an unknown password, with the same parameters as `hash`: sign-in checks
   * against it when the address is unknown, so that a miss takes as long as a wrong password.
   */
  readonly dummyHash: string;
  /** False for a wrong password or a malformed hash; never throws for those. */
  verify(hash: string, password: string): Promise<boolean>;
}

/** Unguessable tokens (sessions, API tokens, email links) and the hash stored for them. */
export interface SecretTokens {
  create(): { token: string; hash: string };
  hash(token: string): string;
}

/**
 * The account mail. Links are built by the implementation from the secret `token`.
 * Delivery is in the background, so that answers take the same time whether or not a
 * mail was sent (no account enumeration by timing): these never throw.
 */
export interface AccountNotifier {
  sendVerifyAddress(to: string, handle: string, token: string): void;
  /** Confirms a new address: the same link as verification, worded for a change. */
  sendConfirmNewAddress(to: string, handle: string, token: string): void;
  sendPasswordReset(to: string, handle: string, token: string): void;
  /** To the old address, once the new one is confirmed. */
  sendEmailChanged(to: string, handle: string, newEmail: string): void;
  /** Sign-up (or a change of address) with an address that already has an account. */
  sendAlreadyRegistered(to: string): void;
}
