// Takes the README's screenshot: starts the real server on a fresh data folder with the
// bundled sample, opens the home page in headless Chromium and saves docs/screenshots/home.png.
// Usage: npm run screenshot (after npm install, which builds dist/).
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "../test/helpers/browser.js";

const PORT = 3917;
const root = join(import.meta.dirname, "..");
const server = spawn(process.execPath, [join(root, "bin/paperboy.js"), "serve"], {
  env: {
    ...process.env,
    PORT: String(PORT),
    PAPERBOY_DATA_DIR: mkdtempSync(join(tmpdir(), "paperboy-shot-")),
    LOG_LEVEL: "warn",
    PAPERBOY_ROLES: "web",
  },
  stdio: "inherit",
});
try {
  const base = `http://127.0.0.1:${PORT}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${base}/readyz`)
      .then((r) => r.ok)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error("the server did not become ready in 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(`${base}/`);
  const out = join(root, "docs/screenshots/home.png");
  await page.screenshot({ path: out });
  await browser.close();
  console.log(`saved ${out}`);
} finally {
  server.kill("SIGTERM");
}
