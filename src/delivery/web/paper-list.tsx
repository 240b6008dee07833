import type { Child } from "hono/jsx";
import type { DailyListing, Paper } from "../../core/papers/paper.js";
import type { RankedPaper } from "../../core/ranking/trending-service.js";
import { PaperCard } from "./paper-card.js";

export interface PaperListItem {
  readonly paper: Paper;
  readonly ranked: RankedPaper | null;
  /** The listing, on daily lists: shows who featured and who submitted the paper. */
  readonly listing?: Pick<DailyListing, "featuredBy" | "submittedBy">;
}

/** Cards in an ordered list: on a ranked list the order is the content. */
export function PaperList({
  items,
  asOf,
  firstRank,
  label,
}: {
  items: readonly PaperListItem[];
  asOf: string;
  /** Rank of the first item, when the list is ranked. */
  firstRank?: number;
  label: string;
}) {
  return (
    <ol class="cards" aria-label={label}>
      {items.map((item, i) => (
        <li>
          <PaperCard
            paper={item.paper}
            ranked={item.ranked}
            asOf={asOf}
            rank={firstRank === undefined ? undefined : firstRank + i}
            featuredBy={item.listing?.featuredBy ?? null}
            submittedBy={item.listing?.submittedBy ?? null}
          />
        </li>
      ))}
    </ol>
  );
}

/** What a list shows when it has nothing: why, and where to go instead. */
export function EmptyState({ title, children }: { title: string; children?: Child }) {
  return (
    <section class="empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{title}</h2>
      {children}
    </section>
  );
}
