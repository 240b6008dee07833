import type { TestContext } from "node:test";
import type { Storage } from "../../src/adapters/storage/storage.js";
import { readPaperRecord } from "../../src/core/papers/paper-record.js";

/** What the contract suites exercise: every store, on every backend. */
export type ContractStorage = Storage;

/** Opens an empty, migrated storage on the backend under test. */
export type OpenStorage = () => Promise<ContractStorage>;

/** A fresh storage for one test, closed when the test ends. */
export async function useStorage(t: TestContext, open: OpenStorage): Promise<ContractStorage> {
  const storage = await open();
  t.after(() => storage.close());
  return storage;
}

export const OBSERVED_DAY = "2026-06-30";

/** One import record in the hub's format, with overrides (docs/import-format.md). */
export function paperRecord(overrides: Record<string, unknown> = {}) {
  return readPaperRecord(
    {
      id: "2606.01234",
      title: "Original title",
      abstract: "Abstract",
      authors: ["Ada Lovelace", "Charles Babbage"],
      categories: ["cs.LG"],
      published: "2026-06-01",
      updated: "2026-06-01",
      ...overrides,
    },
    OBSERVED_DAY,
  );
}

export const PAGE = { offset: 0, limit: 10 } as const;
