import type { Mailer } from "../../core/mail/ports.js";
import type { Logger } from "../../lib/logger.js";
import { maskAddress } from "../../adapters/mail/mail-address.js";
import { escapeHtml } from "./email-html.js";
import type { DigestLinks } from "./digest-links.js";

/** Days the confirm link works (LINK_LIFETIME_MS.confirm), in words for the mail. */
const CONFIRM_VALID_DAYS = 7;

/**
 * The double opt-in mail. Its link opens a page with a button: the POST confirms, so a
 * gateway that fetches every link in a mail cannot subscribe anyone.
 */
export function renderConfirmationMail(input: { confirmUrl: string; listName: string; siteName: string }) {
  const subject = `Confirm your subscription to ${input.listName}`;
  const lines = [
    `Someone, probably you, asked to receive ${input.listName} from ${input.siteName} at this address.`,
    `To confirm, open this link and press the button:`,
    input.confirmUrl,
    `The link works for ${CONFIRM_VALID_DAYS} days. If you did not ask for this, ignore this mail: you will get nothing more.`,
  ];
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
    `<p>${escapeHtml(lines[0]!)}</p><p>${escapeHtml(lines[1]!)}</p>` +
    `<p><a href="${escapeHtml(input.confirmUrl)}">${escapeHtml(input.confirmUrl)}</a></p>` +
    `<p>${escapeHtml(lines[3]!)}</p></body></html>`;
  return { subject, text: `${lines.join("\n\n")}\n`, html };
}

/** Sends the confirmation through the app's one Mailer; a refusal is logged, never thrown. */
export function createConfirmationSender(deps: { mailer: Mailer; links: () => DigestLinks; logger: Logger }) {
  return async ({ to, token, listName }: { to: string; token: string; listName: string }) => {
    const mail = renderConfirmationMail({ confirmUrl: deps.links().confirmUrl(token), listName, siteName: "Paperboy" });
    const result = await deps.mailer.send({ to, ...mail, headers: { "Auto-Submitted": "auto-generated" } });
    if (result.outcome !== "sent") {
      deps.logger.warn({ to: maskAddress(to), outcome: result.outcome }, "digest confirmation mail not sent");
    }
  };
}

const PRIVACY_WORDS = {
  export: {
    subject: "Your data: download link",
    ask: "Someone, probably you, asked for a copy of the data we hold about this address's digest subscriptions.",
    act: "To download it (a JSON file), open this link and press the button:",
  },
  erase: {
    subject: "Erase your data: confirmation link",
    ask: "Someone, probably you, asked us to erase this address and everything we hold about its digest subscriptions.",
    act: "To erase it, open this link and press the button. This cannot be undone:",
  },
} as const;

/** The mail with a signed export or erasure link; the link works for an hour and only on POST. */
export function renderPrivacyMail(input: { action: "export" | "erase"; url: string; siteName: string }) {
  const words = PRIVACY_WORDS[input.action];
  const lines = [
    words.ask,
    words.act,
    input.url,
    `The link works for 1 hour. If you did not ask for this, ignore this mail: nothing happens.`,
  ];
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
    `<p>${escapeHtml(lines[0]!)}</p><p>${escapeHtml(lines[1]!)}</p>` +
    `<p><a href="${escapeHtml(input.url)}">${escapeHtml(input.url)}</a></p>` +
    `<p>${escapeHtml(lines[3]!)}</p></body></html>`;
  return { subject: `${input.siteName}: ${words.subject}`, text: `${lines.join("\n\n")}\n`, html };
}

/** Sends export and erasure links through the app's one Mailer; a refusal is logged, never thrown. */
export function createPrivacyLinkSender(deps: { mailer: Mailer; links: () => DigestLinks; logger: Logger }) {
  return async ({ to, action, token }: { to: string; action: "export" | "erase"; token: string }) => {
    const links = deps.links();
    const url = action === "export" ? links.exportUrl(token) : links.eraseUrl(token);
    const mail = renderPrivacyMail({ action, url, siteName: "Paperboy" });
    const result = await deps.mailer.send({ to, ...mail, headers: { "Auto-Submitted": "auto-generated" } });
    if (result.outcome !== "sent") {
      deps.logger.warn({ to: maskAddress(to), outcome: result.outcome }, "digest privacy mail not sent");
    }
  };
}
