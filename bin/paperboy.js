#!/usr/bin/env node
// Runs the compiled CLI (npm install builds dist/ through the "prepare" script).
import { existsSync } from "node:fs";

const compiled = new URL("../dist/main.js", import.meta.url);
if (!existsSync(compiled)) {
  console.error("paperboy: dist/ is missing; run `npm install` (or `npm run build`) first.");
  process.exit(1);
}
await import(compiled.href);
