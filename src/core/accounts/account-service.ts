import { type AccountDeps, sweepExpired } from "./account-deps.js";
import { createAccountAdmin } from "./account-admin.js";
import { createAccountSettings } from "./account-settings.js";
import { createAuthentication } from "./authentication.js";
import { createPasswordReset } from "./password-reset.js";
import { createRegistration } from "./registration.js";
import { idleCutoff } from "./session-policy.js";

/**
 * Accounts: sign-up and address confirmation, sign-in and sessions, password reset and
 * change, settings, personal API tokens and operator actions. One object, built from the
 * parts in this folder, so delivery calls `app.accounts.<operation>`.
 */
export function createAccountService(deps: AccountDeps) {
  const auth = createAuthentication(deps);
  return {
    ...auth,
    ...createRegistration(deps, auth),
    ...createPasswordReset(deps, auth),
    ...createAccountSettings(deps, auth),
    ...createAccountAdmin(deps),
    /** The key that signs CSRF tokens, shared by every process on the database. */
    csrfKey: () => deps.store.secret("csrf"),
    /** Deletes ended sessions and forgotten throttle counts (every sign-in does it too). */
    async sweep(): Promise<void> {
      await sweepExpired(deps, idleCutoff(deps.now(), deps.sessionPolicy));
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
