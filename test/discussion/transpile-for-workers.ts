import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Plain-JavaScript copies of the given sources (paths from the repository root, same tree
 * under test-output/), so a test can start a hundred worker threads without each one
 * registering tsx, which starts its own esbuild process and takes seconds per thread.
 * Imports keep working: the sources already import `.js` paths, and node_modules is found
 * from test-output/ by walking up. Returns the URL of the copy of the first file, and a
 * function that removes the copies.
 */
export function transpileForWorkers(files: readonly string[], folder: string): { url: URL; remove: () => void } {
  const outRoot = join(ROOT, "test-output", folder);
  for (const file of files) {
    const source = readFileSync(join(ROOT, file), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2023,
        verbatimModuleSyntax: true,
      },
      fileName: file,
    });
    const out = join(outRoot, file.replace(/\.ts$/, ".js"));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  return {
    url: pathToFileURL(join(outRoot, relative(".", files[0]!).replace(/\.ts$/, ".js"))),
    remove: () => rmSync(outRoot, { recursive: true, force: true }),
  };
}
