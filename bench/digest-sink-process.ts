// A loopback SMTP server in its own process for the digest bench: accepts every message,
// reads it to the end and counts it, so the bench measures the sender, not a parser.
// Prints `port <n>` when listening; answers "count" on stdin with `count <n>`.
import { createInterface } from "node:readline";
import { SMTPServer } from "smtp-server";

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      received += 1;
      callback(null, `2.0.0 queued as b${received}`);
    });
  },
});
server.listen(0, "127.0.0.1", () => {
  const address = server.server.address();
  process.stdout.write(`port ${typeof address === "object" && address !== null ? address.port : 0}\n`);
});
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "count") process.stdout.write(`count ${received}\n`);
  if (line.trim() === "stop") server.close(() => process.exit(0));
});
