import type { OpenStorage } from "./contract-storage.js";
import { describeIngestionStateContract } from "./ingestion-state.contract.js";
import { describeListingStoreContract } from "./listing-store.contract.js";
import { describePaperStoreContract } from "./paper-store.contract.js";
import { describeTrendingSignalContract } from "./trending-signals.contract.js";

/** Every storage contract suite, for one backend. */
export function describeStorageContracts(backend: string, open: OpenStorage): void {
  describePaperStoreContract(backend, open);
  describeListingStoreContract(backend, open);
  describeTrendingSignalContract(backend, open);
  describeIngestionStateContract(backend, open);
}
