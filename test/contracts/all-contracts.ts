import { describeAccountStorageContract } from "./account-storage.contract.js";
import { describeAuthorClaimStoreContract } from "./author-claim-store.contract.js";
import { describeCommunityStoreContract } from "./community-store.contract.js";
import type { OpenStorage } from "./contract-storage.js";
import { describeDigestStoreContract } from "./digest-store.contract.js";
import { describeIngestionStateContract } from "./ingestion-state.contract.js";
import { describeKeywordIndexContract } from "./keyword-index.contract.js";
import { describeListingStoreContract } from "./listing-store.contract.js";
import { describePaperImportBatchContract } from "./paper-import-batch.contract.js";
import { describePaperStoreContract } from "./paper-store.contract.js";
import { describeRateBucketsContract } from "./rate-buckets.contract.js";
import { describeTrendingSignalContract } from "./trending-signals.contract.js";

/** Every storage contract suite, for one backend. */
export function describeStorageContracts(backend: string, open: OpenStorage): void {
  describePaperStoreContract(backend, open);
  describePaperImportBatchContract(backend, open);
  describeListingStoreContract(backend, open);
  describeTrendingSignalContract(backend, open);
  describeIngestionStateContract(backend, open);
  describeAccountStorageContract(backend, open);
  describeCommunityStoreContract(backend, open);
  describeAuthorClaimStoreContract(backend, open);
  describeKeywordIndexContract(backend, open);
  describeDigestStoreContract(backend, open);
  describeRateBucketsContract(backend, open);
}
