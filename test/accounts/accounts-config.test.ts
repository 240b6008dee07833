import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../../src/config.js";

function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env, "/tmp");
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
}

describe("mail and account settings", () => {
  it("defaults: mail is logged, From is on the public host, sessions 14/60 days, cookies not Secure over http", () => {
    const config = loadConfig({ PUBLIC_URL: "http://papers.example.org:8080" }, "/tmp");
    assert.deepEqual(config.mail, { smtpUrl: null, from: "Paperboy <paperboy@papers.example.org>" });
    assert.deepEqual(config.accounts, {
      sessionIdleDays: 14,
      sessionMaxDays: 60,
      secureCookies: false,
      signupOpen: true,
      submissionWindowDays: 14,
      submissionsPerDay: 5,
    });
  });

  it("reads SMTP_URL, MAIL_FROM and the session settings; https makes cookies Secure", () => {
    const config = loadConfig(
      {
        PUBLIC_URL: "https://papers.example.org",
        SMTP_URL: "smtps://user:secret@smtp.example.org:465",
        MAIL_FROM: "Papers <papers@example.org>",
        SESSION_IDLE_DAYS: "7",
        SESSION_MAX_DAYS: "30",
        PAPERBOY_SIGNUP_OPEN: "off",
      },
      "/tmp",
    );
    assert.equal(config.mail.smtpUrl, "smtps://user:secret@smtp.example.org:465");
    assert.equal(config.mail.from, "Papers <papers@example.org>");
    assert.deepEqual(config.accounts, {
      sessionIdleDays: 7,
      sessionMaxDays: 30,
      secureCookies: true,
      signupOpen: false,
      submissionWindowDays: 14,
      submissionsPerDay: 5,
    });
  });

  it("lists every bad setting without printing the SMTP password", () => {
    const found = problems({
      SMTP_URL: "http://user:hunter2@smtp.example.org",
      MAIL_FROM: "not an address",
      SESSION_IDLE_DAYS: "30",
      SESSION_MAX_DAYS: "7",
    });
    assert.equal(found.length, 3, found.join("\n"));
    assert.match(found[0]!, /^SMTP_URL: expected smtp:\/\/host:port/);
    assert.ok(!found.join("\n").includes("hunter2"));
    assert.match(found[1]!, /^MAIL_FROM="not an address"/);
    assert.match(found[2]!, /SESSION_MAX_DAYS \(7\) must be at least SESSION_IDLE_DAYS \(30\)/);
    assert.equal(problems({ MAIL_FROM: "Evil <a@b.c>\r\nBcc: x@y.z" }).length, 1, "no header injection");
    assert.deepEqual(problems({ PUBLIC_URL: "http://localhost:3000" }), [], "a laptop's public URL boots");
  });
});
