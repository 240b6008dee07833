import type { AccountDeps } from "./account-deps.js";
import type { Role, User } from "./ports.js";

export interface CreateUserInput {
  readonly email: string;
  readonly handle: string;
  readonly displayName: string;
  readonly password: string;
  readonly role: Role;
}

export type CreateUserResult = { kind: "created"; user: User } | { kind: "email-taken" } | { kind: "handle-taken" };

/** Operator actions (the CLI, admin pages): no mail, no throttle, addresses trusted as confirmed. */
export function createAccountAdmin(deps: AccountDeps) {
  return {
    async createUser(input: CreateUserInput): Promise<CreateUserResult> {
      if ((await deps.store.users.findByEmail(input.email)) !== null) return { kind: "email-taken" };
      if ((await deps.store.users.findByHandle(input.handle)) !== null) return { kind: "handle-taken" };
      const now = deps.now().toISOString();
      const user = await deps.store.users.insert({
        email: input.email,
        handle: input.handle,
        displayName: input.displayName,
        passwordHash: await deps.passwords.hash(input.password),
        role: input.role,
        emailVerifiedAt: now,
        createdAt: now,
      });
      return user === null ? { kind: "email-taken" } : { kind: "created", user };
    },

    async setRole(email: string, role: Role): Promise<User | null> {
      const user = await deps.store.users.findByEmail(email);
      if (user === null) return null;
      await deps.store.users.updateRole(user.id, role, deps.now().toISOString());
      return { ...user, role };
    },

    /** Suspended users keep their account but may not contribute (see canContribute). */
    async setSuspended(userId: number, suspended: boolean): Promise<void> {
      const now = deps.now().toISOString();
      await deps.store.users.setSuspended(userId, suspended ? now : null, now);
    },

    async findUserByHandle(handle: string): Promise<User | null> {
      return deps.store.users.findByHandle(handle);
    },

    async findUserById(id: number): Promise<User | null> {
      return deps.store.users.findById(id);
    },
  };
}
