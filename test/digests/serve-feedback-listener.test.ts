// `paperboy serve --role worker` with MAIL_INBOUND_LISTEN starts the bounce/complaint listener
// (and `--role web` does not); SIGTERM closes it with the rest.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import nodemailer from "nodemailer";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;
const LISTENING = "listening for bounce and complaint reports over SMTP";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function startServe(role: string, dataDir: string, smtpPort: number, httpPort: number) {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "serve", "--role", role], {
    env: {
      ...process.env,
      PORT: String(httpPort),
      PAPERBOY_DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      MAIL_FROM: "Paperboy <digest@papers.example.org>",
      MAIL_BOUNCE_DOMAIN: "bounce.papers.example.org",
      MAIL_INBOUND_LISTEN: `127.0.0.1:${smtpPort}`,
      PAPERBOY_EMBEDDER: "off",
      ARXIV_API_URL: "http://127.0.0.1:9/api/query",
      ARXIV_OAI_URL: "http://127.0.0.1:9/oai2",
      ARXIV_RSS_URL: "http://127.0.0.1:9/rss",
      HF_API_URL: "http://127.0.0.1:9",
      GITHUB_API_URL: "http://127.0.0.1:9",
      SOURCE_RETRIES: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let logs = "";
  const running = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      logs += chunk.toString();
      if (logs.includes("Paperboy running")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve exited (${code}): ${logs}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, running, exited, logs: () => logs };
}

describe("the bounce listener in `paperboy serve`", () => {
  test("the worker role listens (550 for other domains); the web role does not; SIGTERM stops it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "paperboy-serve-inbound-"));
    const smtpPort = await freePort();
    const worker = startServe("worker", dataDir, smtpPort, await freePort());
    try {
      await worker.running;
      assert.ok(worker.logs().includes(LISTENING));
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, ignoreTLS: true });
      await assert.rejects(
        transport.sendMail({ envelope: { from: "", to: ["x@example.com"] }, raw: "Subject: x\r\n\r\nx\r\n" }),
        (error: unknown) => (error as { responseCode?: number }).responseCode === 550,
      );
      transport.close();
      worker.child.kill("SIGTERM");
      assert.equal(await worker.exited, 0);
    } finally {
      worker.child.kill("SIGKILL");
    }
    const web = startServe("web", dataDir, smtpPort, await freePort());
    try {
      await web.running;
      assert.ok(!web.logs().includes(LISTENING), "the web role takes no mail");
      web.child.kill("SIGTERM");
      assert.equal(await web.exited, 0);
    } finally {
      web.child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
