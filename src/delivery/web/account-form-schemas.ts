import { z } from "zod";
import {
  PASSWORD_MAX_CHARS,
  displayNameSchema,
  emailSchema,
  handleSchema,
  passwordSchema,
  tokenNameSchema,
} from "../../core/accounts/account-input.js";

/**
 * The account forms as posted (field names are the HTML names). Unknown fields, the CSRF
 * token among them, are dropped by the schemas.
 */

/** A secret from a mail link: 32 random bytes in base64url. */
export const emailLinkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is incomplete or mistyped.");

/** Sign-in checks only shape: whether the account exists is for the password check to say. */
const loginEmailSchema = z.string().trim().toLowerCase().min(1, "Enter your email address.").max(254);
const currentPasswordSchema = z.string().min(1, "Enter your current password.").max(PASSWORD_MAX_CHARS);

const optionalDisplayName = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v))
  .pipe(displayNameSchema.optional());

export const signUpFormSchema = z.object({
  email: emailSchema,
  handle: handleSchema,
  display_name: optionalDisplayName,
  password: passwordSchema,
});

export const loginFormSchema = z.object({
  email: loginEmailSchema,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_CHARS),
  next: z.string().optional(),
});

export const resetRequestFormSchema = z.object({ email: emailSchema });
export const resetPasswordFormSchema = z.object({ token: emailLinkTokenSchema, password: passwordSchema });
export const confirmAddressFormSchema = z.object({ token: emailLinkTokenSchema });

export const displayNameFormSchema = z.object({ display_name: displayNameSchema });
/** An unchecked checkbox is not posted at all. */
export const profileSettingsFormSchema = z.object({
  show_upvotes: z
    .literal("1", "Tick the box or leave it empty.")
    .optional()
    .transform((v) => v === "1"),
});
export const changeEmailFormSchema = z.object({ email: emailSchema, current_password: currentPasswordSchema });
export const changePasswordFormSchema = z.object({
  current_password: currentPasswordSchema,
  new_password: passwordSchema,
});
export const deleteAccountFormSchema = z.object({ current_password: currentPasswordSchema });

const idSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const revokeSessionFormSchema = z.object({ session_id: idSchema });
export const createTokenFormSchema = z.object({ name: tokenNameSchema });
export const revokeTokenFormSchema = z.object({ token_id: idSchema });

/**
 * Where to go after signing in: a path on this site only (no `//host` or `/\host`, which
 * browsers read as another site), so the login form cannot be used as an open redirect.
 */
export function safeNextPath(next: string | undefined): string {
  if (next === undefined || !/^\/(?![/\\])[\x21-\x7e]*$/.test(next) || next.length > 500) return "/";
  return next;
}
