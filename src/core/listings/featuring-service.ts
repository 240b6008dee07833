import type { Actor } from "../discussion/comment.js";
import type { DiscussionActor } from "../discussion/discussion-service.js";
import { type Outcome, fail, signInFirst, succeed } from "../discussion/discussion-outcome.js";
import type { ModerationLog } from "../discussion/ports.js";
import { hasRole } from "../accounts/roles.js";
import type { DailyListing, Paper } from "../papers/paper.js";
import type { PaperStore } from "../papers/ports.js";
import { formatDay, parseDay } from "../../lib/dates.js";
import { orderFeaturedFirst } from "./featured-first.js";
import type { ListingStore } from "./ports.js";

export interface FeaturingDeps {
  readonly listings: ListingStore;
  readonly papers: Pick<PaperStore, "findPapers">;
  readonly log: Pick<ModerationLog, "append">;
  readonly now: () => Date;
  /** Called after a change to a daily list (trending counts features; caches must drop). */
  readonly onChanged?: () => void;
}

export interface FeatureInput {
  readonly paperId: string;
  /** `YYYY-MM-DD`, today (UTC) or earlier. */
  readonly day: string;
  readonly reason: string | null;
}

export interface DayListingRow {
  readonly listing: DailyListing;
  readonly paper: Paper;
}

export type FeaturingService = ReturnType<typeof createFeaturingService>;

/** Curators may feature; so may the roles above them. */
export function isCurator(actor: Actor | null): actor is Actor {
  return actor !== null && !actor.suspended && hasRole(actor.role, "curator");
}

/**
 * The "AK" role: a curator features papers on a day's list (listing them first when they are
 * not on it). Featured papers lead the daily page and earn trending points. Each change is
 * appended to the moderation log, target `paperId@day`.
 */
export function createFeaturingService({ listings, papers, log, now, onChanged }: FeaturingDeps) {
  const refuse = <T>(actor: Actor | null): Outcome<T> =>
    actor === null ? signInFirst() : fail("forbidden", "Only curators feature papers.");

  function checkDay(day: string): string | null {
    if (parseDay(day) === null) return `"${day}" is not a day: use YYYY-MM-DD.`;
    return day > formatDay(now())
      ? "Papers can be featured on today's list or an earlier one, not a future day."
      : null;
  }

  async function record(actor: DiscussionActor, action: string, input: FeatureInput) {
    const at = now().toISOString();
    const entry = { actorId: actor.userId, actorHandle: actor.handle, action, targetType: "paper" as const };
    await log.append({ ...entry, targetId: `${input.paperId}@${input.day}`, reason: input.reason, createdAt: at });
  }

  return {
    today: () => formatDay(now()),

    async feature(actor: DiscussionActor | null, input: FeatureInput) {
      if (!isCurator(actor)) return refuse<"listed-and-featured" | "featured" | "unchanged">(actor);
      const problem = checkDay(input.day);
      if (problem) return fail("invalid", problem);
      const at = now().toISOString();
      const result = await listings.featureListing({ ...input, featuredBy: actor.handle, at });
      if (result === "not-found") return fail("not-found", `This hub has no paper ${input.paperId}.`);
      if (result !== "unchanged") {
        await record(actor, "paper.feature", input);
        onChanged?.();
      }
      return succeed(result);
    },

    async unfeature(actor: DiscussionActor | null, input: FeatureInput): Promise<Outcome<boolean>> {
      if (!isCurator(actor)) return refuse(actor);
      const problem = checkDay(input.day);
      if (problem) return fail("invalid", problem);
      const changed = await listings.unfeatureListing(input.day, input.paperId);
      if (changed) {
        await record(actor, "paper.unfeature", input);
        onChanged?.();
      }
      return succeed(changed);
    },

    /** The day's list, featured papers first, for the curators' page. */
    async listDay(actor: Actor | null, day: string): Promise<Outcome<DayListingRow[]>> {
      if (!isCurator(actor)) return refuse(actor);
      if (parseDay(day) === null) return fail("invalid", `"${day}" is not a day: use YYYY-MM-DD.`);
      const all = await listings.listAllListings({ first: day, last: day });
      const found = new Map((await papers.findPapers(all.map((l) => l.paperId))).map((p) => [p.id, p]));
      const rows = all.flatMap((listing) => {
        const paper = found.get(listing.paperId);
        return paper ? [{ listing, paper }] : [];
      });
      return succeed(orderFeaturedFirst(rows, (row) => row.listing.featuredBy !== null));
    },
  };
}
