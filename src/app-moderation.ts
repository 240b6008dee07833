import type { Storage } from "./adapters/storage/storage.js";
import type { DiscussionService } from "./core/discussion/discussion-service.js";
import { createReportQueue } from "./core/discussion/report-queue.js";
import { createUserModeration } from "./core/discussion/user-moderation.js";
import { createFeaturingService } from "./core/listings/featuring-service.js";

/** The moderation and curation operations (the admin pages), built by app.ts from the stores. */
export function createModerationServices(deps: {
  readonly storage: Storage;
  readonly discussion: DiscussionService;
  readonly now: () => Date;
  /** Featured papers earn trending points and move on the daily page: caches must drop. */
  readonly onContentChanged: () => void;
}) {
  const { storage, discussion, now } = deps;
  return {
    users: createUserModeration({
      users: storage.accounts.users,
      userAdmin: storage.accounts.userAdmin,
      log: storage.community.moderationLog,
      now,
    }),
    featuring: createFeaturingService({
      listings: storage.listings,
      papers: storage.papers,
      log: storage.community.moderationLog,
      now,
      onChanged: deps.onContentChanged,
    }),
    reports: createReportQueue({
      discussion,
      comments: storage.community.comments,
      users: storage.accounts.users,
    }),
  };
}

export type ModerationServices = ReturnType<typeof createModerationServices>;
