import type { App } from "../../app.js";
import type { ClientInfo } from "../../core/accounts/account-deps.js";
import type { Viewer } from "../../core/accounts/viewer.js";

/** CSRF tokens of this request (src/delivery/http/viewer-middleware.ts). */
export interface CsrfTokens {
  /** The token to put in a form's `_csrf` field or an `X-CSRF-Token` header. */
  token(): string;
  isValid(submitted: string): boolean;
}

/** Per-request values shared by middleware and routes. */
export interface HttpEnv {
  Variables: {
    requestId: string;
    app: App;
    /** Who is signed in (session cookie or API token); null when nobody is. */
    viewer: Viewer | null;
    /** The client's address and user agent, for limits and the sessions page. */
    client: ClientInfo;
    csrf: CsrfTokens;
  };
}
