import type { SearchMode, SearchSort, SearchStatus } from "../../core/search/search-types.js";
import { SEARCH_MODES, SEARCH_SORTS, type SearchPageInput } from "./search-query.js";

const MODE_LABELS: Record<SearchMode, string> = {
  keyword: "Words (keyword)",
  semantic: "Meaning (semantic)",
  hybrid: "Words and meaning (hybrid)",
};

const SORT_LABELS: Record<SearchSort, string> = {
  relevance: "Best match",
  date: "Newest first",
  trending: "Trending",
};

/**
 * The search box in every page's header: a plain GET form to /search, so it works without
 * JavaScript. static/search.js turns the input into a combobox with suggestions as you type
 * (it looks for `data-suggest`).
 */
export function HeaderSearchBox({ q }: { q: string | undefined }) {
  return (
    <form class="site-search" role="search" aria-label="Site" method="get" action="/search">
      <label class="sr-only" for="site-search-q">
        Search papers
      </label>
      <input
        id="site-search-q"
        type="search"
        name="q"
        value={q}
        placeholder="Search papers"
        autocomplete="off"
        spellcheck={false}
        maxlength={10_000}
        data-suggest=""
      />
      <button class="button" type="submit">
        Search
      </button>
    </form>
  );
}

/** The results page's form: the query and how to run it, all GET parameters with shareable URLs. */
export function SearchForm({
  input,
  status,
  sort,
}: {
  input: SearchPageInput;
  status: SearchStatus;
  /** The order the results are in, which the service picks when the URL does not say. */
  sort?: SearchSort;
}) {
  const mode = input.mode ?? status.defaultMode;
  const shownSort = input.sort ?? sort ?? "relevance";
  return (
    <form class="toolbar search-form" role="search" method="get" action="/search" aria-label="Search with options">
      <div class="field search-field">
        <label for="search-q">Search for</label>
        <input id="search-q" type="search" name="q" value={input.q} autocomplete="off" maxlength={10_000} />
      </div>
      <div class="field">
        <label for="search-mode">Match by</label>
        <select id="search-mode" name="mode">
          {SEARCH_MODES.map((m) => (
            <option value={m} selected={m === mode} disabled={m !== mode && isUnavailable(m, status)}>
              {MODE_LABELS[m] + modeNote(m, status)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="search-sort">Order</label>
        <select id="search-sort" name="sort">
          {SEARCH_SORTS.map((s) => (
            <option value={s} selected={s === shownSort}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <label class="check">
        <input type="checkbox" name="has_code" value="1" checked={input.hasCode} />
        With code only
      </label>
      <button class="button" type="submit">
        Search
      </button>
    </form>
  );
}

export function describeMode(mode: SearchMode): string {
  return { keyword: "words", semantic: "meaning", hybrid: "words and meaning" }[mode];
}

function isUnavailable(mode: SearchMode, status: SearchStatus): boolean {
  return mode !== "keyword" && status.semantic === "disabled";
}

function modeNote(mode: SearchMode, status: SearchStatus): string {
  if (mode === "keyword") return "";
  if (status.semantic === "disabled") return " – not set up on this hub";
  return status.semantic === "building" ? " – still being prepared" : "";
}
