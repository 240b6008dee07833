import type { Role, User, UserAdminStore, UserStore } from "../accounts/ports.js";
import { hasRole } from "../accounts/roles.js";
import type { DiscussionActor } from "./discussion-service.js";
import { type Outcome, fail, refuseNonModerator, signInFirst, succeed } from "./discussion-outcome.js";
import type { ModerationLog } from "./ports.js";
import { isModerator } from "./comment-permissions.js";

/** Users on one page of the admin user list. */
export const USER_LIST_PAGE_SIZE = 50;

export interface UserModerationDeps {
  readonly users: Pick<UserStore, "findById" | "setSuspended">;
  readonly userAdmin: UserAdminStore;
  readonly log: ModerationLog;
  readonly now: () => Date;
}

export type UserModeration = ReturnType<typeof createUserModeration>;

/**
 * What moderators and admins do to accounts: find them, suspend and restore them (moderators),
 * change their role (admins). Every change is appended to the moderation log.
 */
export function createUserModeration({ users, userAdmin, log, now }: UserModerationDeps) {
  async function record(actor: DiscussionActor, action: string, target: User, reason: string) {
    const entry = { actorId: actor.userId, actorHandle: actor.handle, action, targetType: "user" as const };
    await log.append({ ...entry, targetId: String(target.id), reason, createdAt: now().toISOString() });
  }

  return {
    async searchUsers(actor: DiscussionActor | null, query: string, page: number) {
      if (!isModerator(actor)) return refuseNonModerator(actor, "Only moderators see the user list.");
      const offset = (page - 1) * USER_LIST_PAGE_SIZE;
      return succeed(await userAdmin.search({ query, offset, limit: USER_LIST_PAGE_SIZE }));
    },

    /** Suspends (or restores) a user whose role is below the moderator's own. */
    async setSuspended(
      actor: DiscussionActor | null,
      userId: number,
      suspended: boolean,
      reason: string,
    ): Promise<Outcome<User>> {
      if (!isModerator(actor)) return refuseNonModerator(actor, "Only moderators suspend accounts.");
      const target = await users.findById(userId);
      if (!target) return fail("not-found", "No such user.");
      if (!canSuspend(actor, target)) {
        return fail("forbidden", "You can only suspend accounts whose role is below yours, never your own.");
      }
      if ((target.suspendedAt !== null) === suspended) return succeed(target);
      const at = now().toISOString();
      await users.setSuspended(target.id, suspended ? at : null, at);
      await record(actor, suspended ? "user.suspend" : "user.unsuspend", target, reason);
      return succeed({ ...target, suspendedAt: suspended ? at : null });
    },

    /** Admins only; the last active admin keeps the role (the store checks it atomically). */
    async setRole(actor: DiscussionActor | null, userId: number, role: Role, reason: string): Promise<Outcome<User>> {
      if (actor === null) return signInFirst();
      if (actor.suspended || !hasRole(actor.role, "admin")) return fail("forbidden", "Only admins change roles.");
      const target = await users.findById(userId);
      if (!target) return fail("not-found", "No such user.");
      if (target.role === role) return succeed(target);
      const result = await userAdmin.updateRoleKeepingAnAdmin(target.id, role, now().toISOString());
      if (result === "not-found") return fail("not-found", "No such user.");
      if (result === "last-admin") {
        return fail("forbidden", "This is the last admin: make someone else an admin first.");
      }
      await record(actor, "user.role", target, `${target.role} → ${role}: ${reason}`);
      return succeed({ ...target, role });
    },
  };
}

/** A moderator acts on lower roles only, so moderators cannot suspend each other or an admin. */
export function canSuspend(actor: DiscussionActor, target: Pick<User, "id" | "role">): boolean {
  return actor.userId !== target.id && !hasRole(target.role, actor.role);
}
