import type { Context } from "hono";
import type { HttpEnv } from "../http/http-env.js";

/** The form's wording; its version is stored with every consent event (CONSENT_TEXT_VERSION). */
export const SUBSCRIBE_CALL = "Get trending papers in your email inbox!";

/**
 * The sign-up form of the trending and daily pages. Signed-in viewers get their account
 * address filled in and a CSRF token (subscribing their own address needs no confirmation
 * mail). Signed-out pages are shared-cached, so their form has no token: /subscribe then
 * treats the request as anonymous and sends the double opt-in mail.
 */
export function SubscribeForm({ c }: { c: Context<HttpEnv> }) {
  const viewer = c.get("viewer");
  return (
    <section class="subscribe-box" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">{SUBSCRIBE_CALL}</h2>
      <form method="post" action="/subscribe" class="subscribe-form">
        {viewer !== null ? <input type="hidden" name="_csrf" value={c.get("csrf").token()} /> : null}
        <label>
          Email <input type="email" name="email" required maxlength={254} value={viewer?.email ?? ""} />
        </label>
        <fieldset>
          <legend>How often</legend>
          <label>
            <input type="radio" name="frequency" value="daily" checked /> Daily (no weekend issues)
          </label>
          <label>
            <input type="radio" name="frequency" value="weekly" /> Weekly (Mondays)
          </label>
        </fieldset>
        <details>
          <summary>Narrow it to topics (optional)</summary>
          <label>
            arXiv categories <input name="categories" placeholder="cs.LG, cs.CL" maxlength={2000} />
          </label>
          <label>
            Keywords <input name="keywords" placeholder="diffusion, protein folding" maxlength={2000} />
          </label>
          <label>
            Authors <input name="authors" placeholder="Ada Lovelace; Alan Turing" maxlength={2000} />
          </label>
        </details>
        <button type="submit">Subscribe</button>
        <p class="subscribe-note">
          We send a confirmation link first; every digest has a one-click unsubscribe link. Your address is used for the
          digest only.
        </p>
      </form>
    </section>
  );
}
