// Takes the README's screenshots: starts the real server on a fresh data folder with the
// bundled sample, opens the home page and a search in headless Chromium and saves
// docs/screenshots/home.png and docs/screenshots/search.png.
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
  const shots = [
    { path: "/", file: "docs/screenshots/home.png" },
    { path: "/search?q=video+diffusion+has%3Acode&mode=keyword&facets=1", file: "docs/screenshots/search.png" },
  ];
  for (const shot of shots) {
    await page.goto(`${base}${shot.path}`);
    await page.screenshot({ path: join(root, shot.file) });
    console.log(`saved ${shot.file}`);
  }
  await browser.close();
} finally {
  server.kill("SIGTERM");
}
