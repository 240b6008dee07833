import type { ListingStore } from "../../core/listings/ports.js";
import type { PaperStore } from "../../core/papers/ports.js";
import type { TrendingSignalStore } from "../../core/ranking/ports.js";
import type { MigrationStatus } from "./sqlite/sqlite-migrations.js";

/** Every store a backend provides, plus what operations need to run it. */
export interface Storage {
  readonly papers: PaperStore;
  readonly listings: ListingStore;
  readonly signals: TrendingSignalStore;
  checkReady(): Promise<{ ready: true } | { ready: false; reason: string }>;
  migrationStatus(): Promise<MigrationStatus[]>;
  close(): Promise<void>;
}
