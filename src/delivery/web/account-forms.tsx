import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { z } from "zod";
import { describeInvalidInput } from "../../core/accounts/account-input.js";
import type { HttpEnv } from "../http/http-env.js";
import { CSRF_FIELD } from "../http/csrf.js";
import { Layout, type PageStatus, sendPage } from "./layout.js";

/** Pages with forms carry tokens (and may set the CSRF cookie): never stored by any cache. */
export function sendAccountPage(c: Context<HttpEnv>, title: string, body: Child, status: PageStatus = 200) {
  c.header("Cache-Control", "private, no-store");
  const app = c.get("app");
  return sendPage(
    c,
    <Layout meta={{ title }} publicUrl={app.config.publicUrl}>
      <section class="account-page">{body}</section>
    </Layout>,
    status,
  );
}

/** Parses a posted form with a zod schema: the data, or the first problem in plain words. */
export async function readForm<T extends z.ZodType>(
  c: Context<HttpEnv>,
  schema: T,
): Promise<{ ok: true; data: z.output<T> } | { ok: false; message: string }> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    return { ok: false, message: "The form could not be read. Reload the page and try again." };
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, message: describeInvalidInput(parsed.error) };
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

/** An error (role="alert": read out at once) or a confirmation (role="status"). */
export function Notice({ tone, children }: { tone: "error" | "ok"; children: Child }) {
  return (
    <p class={`notice notice-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </p>
  );
}

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly type?: "text" | "email" | "password";
  readonly value?: string;
  readonly autocomplete: string;
  readonly hint?: string;
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  return (
    <p class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.type === "password" ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        minlength={props.minLength}
        maxlength={props.maxLength}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint && (
        <small id={`${id}-hint`} class="muted">
          {props.hint}
        </small>
      )}
    </p>
  );
}

/** A form posting to `action` with its CSRF token. */
export function PostForm({
  action,
  token,
  submit,
  danger,
  children,
}: {
  action: string;
  token: string;
  submit: string;
  danger?: boolean;
  children?: Child;
}) {
  return (
    <form method="post" action={action} class="account-form">
      <CsrfField token={token} />
      {children}
      <p>
        <button type="submit" class={danger ? "button button-danger" : "button"}>
          {submit}
        </button>
      </p>
    </form>
  );
}
