import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { createLogMailer } from "../../src/adapters/mail/log-mailer.js";
import { createLogger } from "../../src/lib/logger.js";

function captureLogger(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sinkStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger("info", sinkStream) };
}

test("the log mailer writes one line without body, links, tokens or the full address", async () => {
  const { lines, logger } = captureLogger();
  const mailer = createLogMailer({ from: "digest@papers.example.org", logger });
  const result = await mailer.send({
    to: "jane.doe@example.net",
    subject: "Confirm your subscription",
    text: "Open https://papers.example.org/confirm/v1.k1.SECRET.MAC",
    html: '<a href="https://papers.example.org/confirm/v1.k1.SECRET.MAC">confirm</a>',
    headers: { "List-Unsubscribe": "<https://papers.example.org/u/v1.k1.UNSUB.MAC>" },
    messageId: "abc@papers.example.org",
  });
  assert.deepEqual(result, { outcome: "sent", messageId: "abc@papers.example.org", reply: "logged, not sent" });
  assert.equal(lines.length, 1);
  const line = lines[0]!;
  assert.match(line, /Confirm your subscription/);
  assert.match(line, /j…@example\.net/);
  for (const secret of ["SECRET", "UNSUB", "https://", "jane.doe"]) assert.ok(!line.includes(secret), secret);
  await mailer.close();
});

test("the log mailer makes a Message-ID on the From domain when none is given", async () => {
  const { logger } = captureLogger();
  const mailer = createLogMailer({ from: '"Paperboy" <digest@papers.example.org>', logger });
  const result = await mailer.send({ to: "a@example.net", subject: "s", text: "t" });
  assert.match(result.outcome === "sent" ? result.messageId : "", /^[0-9a-f-]{36}@papers\.example\.org$/);
});
