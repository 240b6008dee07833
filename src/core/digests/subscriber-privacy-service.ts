import { createHmac } from "node:crypto";
import type { ThrottleStore } from "../accounts/ports.js";
import type { Logger } from "../../lib/logger.js";
import { allowDigestMail } from "./digest-mail-throttle.js";
import type { LinkTokens } from "./link-tokens.js";
import type { ConsentSource, SubscriberDataExport, SubscriptionStore } from "./subscription-ports.js";
import { normalizeEmail } from "./subscription-service.js";

/** What a subscriber may ask for by mail: a download of their data, or its erasure. */
export type PrivacyAction = "export" | "erase";

export interface SubscriberPrivacyDeps {
  readonly store: SubscriptionStore;
  readonly throttle: ThrottleStore;
  linkTokens(): Promise<LinkTokens>;
  /** The key of the address HMAC (the same as sign-up's: it matches suppressions). */
  emailKey(): Promise<Buffer>;
  /** Mails the signed link; never throws for a refusal (it is logged). */
  sendPrivacyLink(mail: { to: string; action: PrivacyAction; token: string }): Promise<void>;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * Export and erasure of a subscriber's data by emailed link (issue 6, item 8). A request,
 * from the manage page or from the form for people who lost their mail, only ever mails a
 * short-lived link bound to one purpose (link-tokens.ts: 1 hour) to the subscriber's own
 * address; the link's page acts on POST only. Whoever asks, and whether or not the address
 * is known, the answer is the same, so the form reveals nobody's subscriptions.
 */
export function createSubscriberPrivacyService(deps: SubscriberPrivacyDeps) {
  async function hashEmail(emailNorm: string): Promise<string> {
    return createHmac("sha256", await deps.emailKey())
      .update(emailNorm)
      .digest("hex");
  }

  async function mailLink(
    contact: { subscriberPublicId: string; email: string },
    action: PrivacyAction,
    ip: string | null,
  ) {
    const emailHmac = await hashEmail(normalizeEmail(contact.email));
    if (!(await allowDigestMail(deps.throttle, "digest-privacy", emailHmac, ip, deps.now()))) {
      deps.logger.info({ action }, "digest privacy link not sent: rate limited");
      return;
    }
    const token = (await deps.linkTokens()).sign({ purpose: action, subject: contact.subscriberPublicId }, deps.now());
    await deps.sendPrivacyLink({ to: contact.email, action, token });
  }

  async function readLink(token: string, purpose: "manage" | PrivacyAction): Promise<string | null> {
    const check = (await deps.linkTokens()).verify(token, purpose, deps.now());
    return check.valid ? check.claims.subject : null;
  }

  return {
    /** From the manage page: mails the link to the subscriber the manage link names. False for a bad link. */
    async requestByManageLink(manageToken: string, action: PrivacyAction, ip: string | null): Promise<boolean> {
      const subscriber = await readLink(manageToken, "manage");
      const contact = subscriber === null ? null : await deps.store.findSubscriberContact(subscriber);
      if (contact === null) return false;
      await mailLink(contact, action, ip);
      return true;
    },
    /** From the form: mails the link if the address is a subscriber's; tells nobody whether it is. */
    async requestByEmail(email: string, action: PrivacyAction, ip: string | null): Promise<void> {
      const emailNorm = normalizeEmail(email);
      const contact = await deps.store.findSubscriberByEmail(emailNorm);
      if (contact === null) {
        // Unknown addresses count against the IP too, so probing many addresses is slowed alike.
        await allowDigestMail(deps.throttle, "digest-privacy", await hashEmail(emailNorm), ip, deps.now());
        return;
      }
      await mailLink(contact, action, ip);
    },
    /** For the link's GET page: whether it still works (nothing changes). */
    async isLinkValid(token: string, action: PrivacyAction): Promise<boolean> {
      const subscriber = await readLink(token, action);
      return subscriber !== null && (await deps.store.findSubscriberContact(subscriber)) !== null;
    },
    async exportData(token: string, consent: ConsentSource): Promise<SubscriberDataExport | null> {
      const subscriber = await readLink(token, "export");
      return subscriber === null ? null : deps.store.exportSubscriberData(subscriber, consent, deps.now());
    },
    async erase(token: string, consent: ConsentSource): Promise<boolean> {
      const subscriber = await readLink(token, "erase");
      return subscriber === null ? false : deps.store.eraseSubscriber(subscriber, consent, deps.now());
    },
  };
}

export type SubscriberPrivacyService = ReturnType<typeof createSubscriberPrivacyService>;
