import type { UserCommandIo } from "./user-command.js";
import { UsageError } from "./migrate-command.js";

const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
/** Backspace and delete, as terminals send them. */
const ERASE = new Set(["\u0008", "\u007f"]);

/** A password from the terminal without echo (asked twice), or the first line of piped stdin. */
export async function readPassword(io: UserCommandIo): Promise<string> {
  if (!io.stdin.isTTY || io.stdin.setRawMode === undefined) return readFirstLine(io.stdin);
  const first = await promptHidden(io, "Password: ");
  const again = await promptHidden(io, "Repeat password: ");
  if (first !== again) throw new UsageError("the passwords differ");
  return first;
}

function promptHidden(io: UserCommandIo, question: string): Promise<string> {
  const stdin = io.stdin;
  io.stdout.write(question);
  stdin.setRawMode!(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error: Error | null) => {
      stdin.removeListener("data", onData);
      stdin.setRawMode!(false);
      stdin.pause();
      io.stdout.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === CTRL_D) return finish(null);
        if (ch === CTRL_C) return finish(new UsageError("cancelled"));
        if (ERASE.has(ch)) typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stdin) {
    text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    if (text.includes("\n")) break;
  }
  const line = text.split(/\r?\n/)[0] ?? "";
  if (line === "") throw new UsageError("no password given: pass --password, or pipe it on stdin");
  return line;
}
