import { parseArgs } from "node:util";
import type { ZodType } from "zod";
import type { App } from "../../app.js";
import {
  describeInvalidInput,
  displayNameSchema,
  emailSchema,
  handleFormatSchema,
  passwordSchema,
} from "../../core/accounts/account-input.js";
import { ROLES, type Role } from "../../core/accounts/ports.js";
import { isRole } from "../../core/accounts/roles.js";
import { UsageError } from "./migrate-command.js";
import { readPassword } from "./read-password.js";

export interface UserCommandIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly stdout: NodeJS.WritableStream;
}

/**
 * `paperboy user create --email E --role R [--handle H] [--name N] [--password P]`: an
 * account with a confirmed address (no mail). Without --password the password is asked
 * for without echo on a terminal, or read from the first line of stdin otherwise (a
 * password on the command line shows in `ps` and shell history).
 * `paperboy user role --email E --role R`: changes a role.
 */
export async function runUserCommand(
  app: App,
  args: string[],
  io: UserCommandIo = { stdin: process.stdin, stdout: process.stdout },
): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      role: { type: "string" },
      handle: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
    },
  });
  const email = parseOption(emailSchema, values.email, "--email");
  const role = parseRole(values.role);
  if (positionals[0] === "create") return createUser(app, io, { ...values, email, role });
  if (positionals[0] === "role") {
    const user = await app.accounts.setRole(email, role);
    if (user === null) throw new UsageError(`no account has the address ${email}`);
    io.stdout.write(`@${user.handle} (${user.email}) is now ${role}\n`);
    return 0;
  }
  throw new UsageError('user needs a subcommand: "create" or "role"');
}

async function createUser(
  app: App,
  io: UserCommandIo,
  options: { email: string; role: Role; handle?: string; name?: string; password?: string },
): Promise<number> {
  const handle = parseOption(handleFormatSchema, options.handle ?? handleFromEmail(options.email), "--handle");
  const displayName = parseOption(displayNameSchema, options.name ?? handle, "--name");
  const password = parseOption(passwordSchema, options.password ?? (await readPassword(io)), "the password");
  const result = await app.accounts.createUser({
    email: options.email,
    handle,
    displayName,
    password,
    role: options.role,
  });
  if (result.kind === "email-taken") throw new UsageError(`an account already has the address ${options.email}`);
  if (result.kind === "handle-taken") throw new UsageError(`the handle "${handle}" is taken: choose one with --handle`);
  io.stdout.write(`created @${result.user.handle} (${result.user.email}), role ${result.user.role}\n`);
  return 0;
}

/** "Ada.Lovelace+hub@example.org" → "ada-lovelace-hub". */
function handleFromEmail(email: string): string {
  const local = email.slice(0, email.indexOf("@")).toLowerCase();
  return local
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+/, "")
    .slice(0, 30)
    .padEnd(3, "0");
}

function parseRole(value: string | undefined): Role {
  if (value === undefined || !isRole(value)) throw new UsageError(`--role takes one of ${ROLES.join(", ")}`);
  return value;
}

function parseOption<T>(schema: ZodType<T>, value: string | undefined, name: string): T {
  if (value === undefined) throw new UsageError(`${name} is required`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${name}: ${describeInvalidInput(parsed.error)}`);
  return parsed.data;
}
