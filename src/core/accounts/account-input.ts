import { z } from "zod";

/**
 * What a valid email, handle, display name and password are. Routes and the CLI parse
 * their input with these schemas, so the rules live in one place.
 */

/** Longest address SMTP can carry. @see https://www.rfc-editor.org/errata/eid1690 */
const EMAIL_MAX_CHARS = 254;
/** Long enough for a passphrase; short enough that hashing cannot be used to burn CPU. */
export const PASSWORD_MIN_CHARS = 10;
export const PASSWORD_MAX_CHARS = 200;
const DISPLAY_NAME_MAX_CHARS = 50;
const TOKEN_NAME_MAX_CHARS = 60;

/** Handles that would read as the site speaking, or collide with paths. */
const RESERVED_HANDLES = new Set([
  "admin",
  "administrator",
  "api",
  "curator",
  "moderator",
  "paperboy",
  "root",
  "settings",
  "staff",
  "support",
  "system",
]);

/** Control characters, bidi overrides and zero-width characters: invisible or deceptive in a name. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** Lower-cased and trimmed: one account per mailbox however it is typed. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_CHARS, "That email address is too long.")
  .regex(/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/, "Enter an email address such as ada@example.org.");

/** The shape of a handle; operators (the CLI) may also take the reserved ones. */
export const handleFormatSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{2,29}$/, "A handle is 3 to 30 letters, digits, _ or -, starting with a letter or digit.");

/** A handle someone may choose at sign-up. */
export const handleSchema = handleFormatSchema.refine(
  (h) => !RESERVED_HANDLES.has(h),
  "That handle is reserved; choose another.",
);

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a display name.")
  .max(DISPLAY_NAME_MAX_CHARS, `A display name is at most ${DISPLAY_NAME_MAX_CHARS} characters.`)
  .refine((name) => !INVISIBLE.test(name), "A display name cannot contain control or invisible characters.");

/** Not trimmed: spaces are part of a passphrase. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_CHARS, `A password needs at least ${PASSWORD_MIN_CHARS} characters.`)
  .max(PASSWORD_MAX_CHARS, `A password is at most ${PASSWORD_MAX_CHARS} characters.`);

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, "Name the token, e.g. after the script that uses it.")
  .max(TOKEN_NAME_MAX_CHARS, `A token name is at most ${TOKEN_NAME_MAX_CHARS} characters.`)
  .refine((name) => !INVISIBLE.test(name), "A token name cannot contain control characters.");

/** The first problem of a failed parse, worded for the person who typed it. */
export function describeInvalidInput(error: z.ZodError): string {
  return error.issues[0]?.message ?? "Check the form and try again.";
}
