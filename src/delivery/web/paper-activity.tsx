import type { DailyListing, PageRankSample, Paper, StarSample } from "../../core/papers/paper.js";
import { periodPath, dayPeriod } from "../../core/listings/listing-period.js";
import { formatHumanDay } from "../../lib/dates.js";
import { formatCount, plural } from "./format.js";
import { StarIcon } from "./icons.js";
import { githubUrl } from "./paths.js";
import { StarChart } from "./star-chart.js";

/** The paper's repository: link, latest star count and the star-history chart. */
export function CodeSection({ paper, starHistory }: { paper: Paper; starHistory: readonly StarSample[] }) {
  if (!paper.githubRepo) return null;
  return (
    <section aria-labelledby="code-heading">
      <h2 id="code-heading">Code</h2>
      <p>
        <a href={githubUrl(paper.githubRepo)} class="mono">
          github.com/{paper.githubRepo}
        </a>
        {paper.githubStars !== null && (
          <span class="stars">
            {" "}
            <StarIcon /> {plural(paper.githubStars, "star")}
          </span>
        )}
      </p>
      <StarChart samples={starHistory} repo={paper.githubRepo} />
    </section>
  );
}

/** The days the paper was on the daily list, each linking to that day's page. */
export function ListingsSection({ listings }: { listings: readonly DailyListing[] }) {
  if (listings.length === 0) return null;
  const sorted = [...listings].sort((a, b) => (a.listingDate < b.listingDate ? -1 : 1));
  return (
    <section aria-labelledby="listings-heading">
      <h2 id="listings-heading">On the daily list</h2>
      <ul class="plain-list">
        {sorted.map((l) => (
          <li>
            <a href={periodPath(dayPeriod(l.listingDate))}>{formatHumanDay(l.listingDate)}</a>
            {l.submittedBy && <span class="muted">{` · submitted by ${l.submittedBy}`}</span>}
            {l.featuredBy && <span class="muted">{` · featured by ${l.featuredBy}`}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The paper's positions on the Hugging Face papers page. That page is ordered by upvotes,
 * so the position is a popularity signal, not an upvote count (docs/ranking.md).
 */
export function PageRankSection({ pageRanks }: { pageRanks: readonly PageRankSample[] }) {
  if (pageRanks.length === 0) return null;
  const sorted = [...pageRanks].sort((a, b) => (a.day < b.day ? -1 : 1));
  const best = sorted.reduce((a, b) => (b.rank < a.rank ? b : a));
  const latest = sorted.at(-1)!;
  return (
    <section aria-labelledby="ranks-heading">
      <h2 id="ranks-heading">On the Hugging Face papers page</h2>
      <p>
        Listed on {plural(sorted.length, "day")}
        {sorted.length > 1 && ` between ${formatHumanDay(sorted[0]!.day)} and ${formatHumanDay(latest.day)}`}. Best
        position #{formatCount(best.rank)} on {formatHumanDay(best.day)}
        {latest !== best && `; latest #${formatCount(latest.rank)} on ${formatHumanDay(latest.day)}`}.
      </p>
      {sorted.length > 1 && (
        <details>
          <summary>Position by day</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Position</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr>
                  <td>{formatHumanDay(r.day)}</td>
                  <td>#{formatCount(r.rank)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
