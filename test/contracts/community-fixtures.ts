import type { TestContext } from "node:test";
import type { NewComment } from "../../src/core/discussion/ports.js";
import { type ContractStorage, type OpenStorage, paperRecord, useStorage } from "./contract-storage.js";

/** Fixtures of the community contract suites (community-store.contract.ts). */

export const AT = "2026-06-29T12:00:00.000Z";
export const OLD = "1706.03762";
export const NEW = "2606.00001";
export const OTHER = "2606.00002";
export const WEEK = { from: "2026-06-24", to: "2026-06-30", starsBefore: "2026-06-23" };

/** A storage with three papers (one imported with 40 upvotes, one from 2017). */
export async function useCommunity(t: TestContext, open: OpenStorage): Promise<ContractStorage> {
  const storage = await useStorage(t, open);
  await storage.papers.importPapers([
    paperRecord({ id: OLD, published: "2017-06-12", updated: "2017-06-12" }),
    paperRecord({ id: NEW, published: "2026-06-28", updated: "2026-06-28", upvotes: 40 }),
    paperRecord({ id: OTHER, published: "2026-06-28", updated: "2026-06-28" }),
  ]);
  return storage;
}

export async function addUser(storage: ContractStorage, handle: string): Promise<number> {
  const user = await storage.accounts.users.insert({
    email: `${handle}@example.org`,
    handle,
    displayName: handle.toUpperCase(),
    passwordHash: "unused",
    role: "user",
    emailVerifiedAt: "2026-06-01T00:00:00.000Z",
    createdAt: "2026-06-01T00:00:00.000Z",
  });
  if (!user) throw new Error(`user ${handle} exists`);
  return user.id;
}

export const comment = (authorId: number, extra: Partial<NewComment> = {}): NewComment => ({
  paperId: NEW,
  parentId: null,
  authorId,
  bodyMarkdown: "hi",
  bodyHtml: "<p>hi</p>\n",
  renderVersion: 1,
  createdAt: AT,
  ...extra,
});
