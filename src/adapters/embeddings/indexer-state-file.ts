import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { z } from "zod";
import type { IndexerStateStore } from "../../core/search/semantic-indexer.js";

/** The semantic indexer's progress as a small JSON file next to the vector index, replaced atomically. */

const stateSchema = z.object({
  embedderId: z.string().min(1),
  lastSeq: z.number().int().nonnegative(),
  lastChangeId: z.number().int().nonnegative(),
});

export function createIndexerStateFile(file: string): IndexerStateStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      const parsed = stateSchema.safeParse(parseJsonOrUndefined(text));
      if (!parsed.success)
        throw new Error(`semantic index state ${file} is unreadable: delete it to rebuild the index`);
      return parsed.data;
    },
    async save(state) {
      const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await writeFile(temporary, `${JSON.stringify(state)}\n`, { flush: true });
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
  };
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
