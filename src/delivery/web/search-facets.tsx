import type { SearchFacets } from "../../core/search/ports.js";
import { formatCount } from "./format.js";
import { type SearchPageInput, searchHref, withFilter } from "./search-query.js";

/** Facet rows shown; the long tail of categories and old years helps nobody choose. */
const MAX_CATEGORIES = 12;
const MAX_YEARS = 15;

/**
 * Counts of the matches by primary category and by year, each a link that narrows the
 * search to it (`cat:cs.LG`, `year:2024`). Plain links: they work without JavaScript and
 * each narrowed search has its own URL.
 */
export function SearchFacetsPanel({
  facets,
  input,
  activeCategories,
}: {
  facets: SearchFacets;
  input: SearchPageInput;
  /** Lower-case categories the query already filters on. */
  activeCategories: readonly string[];
}) {
  const categories = facets.categories.slice(0, MAX_CATEGORIES);
  const years = facets.years.slice(-MAX_YEARS).reverse();
  const maxYearCount = Math.max(1, ...years.map((y) => y.count));
  const narrowed = (key: "cat" | "year", value: string) => searchHref({ ...input, q: withFilter(input.q, key, value) });
  return (
    <aside class="facets" aria-labelledby="facets-heading">
      <h2 id="facets-heading" class="sr-only">
        Narrow the search
      </h2>
      {categories.length > 0 && (
        <section aria-labelledby="facet-categories">
          <h3 id="facet-categories">Category</h3>
          <ul class="facet-list">
            {categories.map((c) => (
              <li>
                <a
                  href={narrowed("cat", c.value)}
                  aria-current={activeCategories.includes(c.value.toLowerCase()) ? "true" : undefined}
                >
                  <span class="mono">{c.value}</span>
                  <span class="facet-count">{formatCount(c.count)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {years.length > 0 && (
        <section aria-labelledby="facet-years">
          <h3 id="facet-years">Year</h3>
          <ul class="facet-list year-bars">
            {years.map((y) => (
              <li>
                <a href={narrowed("year", y.value)}>
                  <span class="year">{y.value}</span>
                  <YearBar fraction={y.count / maxYearCount} />
                  <span class="facet-count">{formatCount(y.count)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!facets.exact && (
        <p class="muted facet-note">Counted over the best {formatCount(facets.countedMatches)} matches.</p>
      )}
    </aside>
  );
}

/** An SVG bar: its width is an attribute, which the CSP allows where an inline style would not be. */
function YearBar({ fraction }: { fraction: number }) {
  const width = Math.max(2, Math.round(fraction * 100));
  return (
    <svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect width={width} height="8" rx="2" />
    </svg>
  );
}
