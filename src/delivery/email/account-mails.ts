/**
 * The account mail: subject, plain text and a simple HTML part each. Links are absolute
 * (from PUBLIC_URL) and every value is escaped in the HTML part. Preview them with
 * `renderAccountMail` (test/accounts/account-mails.test.ts renders each one).
 */

export interface AccountMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const SITE_NAME = "Paperboy";

export type AccountMailKind =
  | { kind: "verify-address"; handle: string; link: string; validHours: number }
  | { kind: "confirm-new-address"; handle: string; link: string; validHours: number }
  | { kind: "password-reset"; handle: string; link: string; validHours: number }
  | { kind: "email-changed"; handle: string; newEmail: string; resetLink: string }
  | { kind: "already-registered"; loginLink: string; resetLink: string };

export function renderAccountMail(mail: AccountMailKind): AccountMail {
  switch (mail.kind) {
    case "verify-address":
      return compose(`Confirm your ${SITE_NAME} address`, [
        `Hello ${mail.handle},`,
        `Follow this link to confirm your email address and finish signing up:`,
        { link: mail.link },
        `The link works for ${mail.validHours} hours. If you did not sign up, ignore this mail: no account is active without the confirmation.`,
      ]);
    case "confirm-new-address":
      return compose(`Confirm your new ${SITE_NAME} address`, [
        `Hello ${mail.handle},`,
        `Follow this link to make this the email address of your account:`,
        { link: mail.link },
        `The link works for ${mail.validHours} hours. If you did not ask for this, ignore this mail: the account keeps its current address.`,
      ]);
    case "password-reset":
      return compose(`Reset your ${SITE_NAME} password`, [
        `Hello ${mail.handle},`,
        `Someone (we hope you) asked to reset the password of your account. Follow this link to choose a new one:`,
        { link: mail.link },
        `The link works for ${mail.validHours} hour${mail.validHours === 1 ? "" : "s"}, once. Setting a new password signs you out everywhere. If you did not ask, ignore this mail: your password stays as it is.`,
      ]);
    case "email-changed":
      return compose(`Your ${SITE_NAME} address was changed`, [
        `Hello ${mail.handle},`,
        `The email address of your account is now ${mail.newEmail}. This address no longer receives its mail.`,
        `If you did not make this change, someone else knows your password: reset it from the new address's inbox if you can reach it, or contact the people who run this hub.`,
        { link: mail.resetLink },
      ]);
    case "already-registered":
      return compose(`You already have a ${SITE_NAME} account`, [
        `Someone (we hope you) tried to sign up, or to move an account, with this email address. It already belongs to an account, so nothing changed.`,
        `Sign in here:`,
        { link: mail.loginLink },
        `Forgot your password? Reset it here:`,
        { link: mail.resetLink },
        `If it was not you, ignore this mail.`,
      ]);
  }
}

type Paragraph = string | { link: string };

function compose(subject: string, paragraphs: readonly Paragraph[]): AccountMail {
  const text = paragraphs.map((p) => (typeof p === "string" ? p : p.link)).join("\n\n");
  const body = paragraphs
    .map((p) =>
      typeof p === "string"
        ? `<p>${escapeHtml(p)}</p>`
        : `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a></p>`,
    )
    .join("\n");
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em">
${body}
<p style="color: #666">— ${SITE_NAME}</p>
</body></html>`;
  return { subject, text: `${text}\n\n-- \n${SITE_NAME}\n`, html };
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}
