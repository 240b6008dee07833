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
