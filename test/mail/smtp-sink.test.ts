import assert from "node:assert/strict";
import { test } from "node:test";
import { createMailer } from "../../src/adapters/mail/create-mailer.js";
import { createLogger } from "../../src/lib/logger.js";
import { startSmtpSink } from "../helpers/smtp-sink.js";

test("the sink keeps raw source, envelope, unfolded headers and both parts; waitForMessages times out", async () => {
  const sink = await startSmtpSink();
  const mailer = createMailer({ smtpUrl: sink.url, from: "a@papers.example.org", logger: createLogger("silent") });
  try {
    await assert.rejects(sink.waitForMessages(1, 50), /expected 1 message\(s\) within 50 ms, got 0/);
    const long = `<https://papers.example.org/u/${"t".repeat(120)}>`;
    await mailer.send({
      to: "b@example.net",
      subject: "Hi",
      text: "plain",
      html: "<p>rich</p>",
      headers: { "List-Unsubscribe": long },
    });
    const [message] = await sink.waitForMessages(1);
    assert.equal(message!.envelopeFrom, "a@papers.example.org");
    assert.deepEqual(message!.envelopeTo, ["b@example.net"]);
    assert.match(message!.raw.toString(), /^Content-Type: multipart\/alternative/m);
    assert.deepEqual(message!.rawHeaders.get("list-unsubscribe"), [long], "folded on the wire, unfolded here");
    assert.equal(message!.parsed.headers.get("list-unsubscribe"), undefined, "mailparser folds List-* into 'list'");
    assert.equal(message!.text?.trim(), "plain");
    assert.equal(message!.html, "<p>rich</p>");
    assert.match(message!.reply ?? "", /^250 /);
  } finally {
    await mailer.close();
    await sink.close();
  }
});

test("a fault with `times` stops firing; setFaults replaces the faults", async () => {
  const sink = await startSmtpSink({ faults: [{ stage: "rcpt", times: 1, code: 450, message: "4.2.1 Try later" }] });
  const mailer = createMailer({ smtpUrl: sink.url, from: "a@papers.example.org", logger: createLogger("silent") });
  try {
    const send = () => mailer.send({ to: "b@example.net", subject: "s", text: "t" });
    assert.equal((await send()).outcome, "rejected");
    assert.equal((await send()).outcome, "sent");
    sink.setFaults([{ stage: "data-end", recipient: /^b@/, code: 554, message: "5.6.0 Bad content" }]);
    const refused = await send();
    assert.ok(refused.outcome === "rejected" && refused.enhancedCode === "5.6.0");
    assert.deepEqual(
      sink.refusals.map((r) => [r.stage, r.reply]),
      [
        ["rcpt", "450 4.2.1 Try later"],
        ["data-end", "554 5.6.0 Bad content"],
      ],
    );
    assert.equal(sink.messages.length, 1);
  } finally {
    await mailer.close();
    await sink.close();
  }
});
