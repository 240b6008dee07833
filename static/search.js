/* global document, window, fetch, AbortController, setTimeout, clearTimeout, URLSearchParams */
/*
 * Suggestions as you type, for every <input data-suggest> (the header's search box). Without
 * this script the box is a plain GET form to /search; with it, the box becomes an ARIA
 * combobox whose listbox holds the best keyword matches for what is typed so far.
 * Keys: ArrowDown/ArrowUp choose, Enter opens the chosen paper (or searches when none is
 * chosen), Escape closes the list. Loaded as a module from this origin (the CSP allows no
 * inline script); it builds every element with textContent, never HTML strings.
 * @see https://www.w3.org/WAI/ARIA/apg/patterns/combobox/examples/combobox-autocomplete-list/
 */

/** Fewer characters match too much to be useful. */
const MIN_QUERY_CHARS = 2;
/** Waits this long after the last keystroke before asking, so fast typing sends one request. */
const DEBOUNCE_MS = 150;
const SUGGESTION_COUNT = 6;

for (const input of document.querySelectorAll("input[data-suggest]")) enhance(input);

function enhance(input) {
  const list = document.createElement("ul");
  list.id = `${input.id}-suggestions`;
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested papers");
  list.hidden = true;
  input.after(list);
  const announcer = document.createElement("span");
  announcer.className = "sr-only";
  announcer.setAttribute("role", "status");
  input.form.append(announcer);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  let timer = null;
  let controller = null;
  let hits = [];
  let active = -1;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function open() {
    if (hits.length === 0) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  /** Drops the pending keystroke and aborts the request in flight: its answer would be stale. */
  function cancel() {
    clearTimeout(timer);
    controller?.abort();
    controller = null;
  }

  function setActive(index) {
    const options = list.children;
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = index;
    if (active < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function openPaper(index) {
    const hit = hits[index];
    if (hit) window.location.assign(`/papers/${hit.paper.id}`);
  }

  async function load(q) {
    cancel();
    controller = new AbortController();
    const { signal } = controller;
    const params = new URLSearchParams({
      q,
      prefix: "true",
      limit: String(SUGGESTION_COUNT),
      mode: "keyword",
      highlight: "true",
    });
    try {
      const response = await fetch(`/api/v1/search?${params}`, { signal, headers: { Accept: "application/json" } });
      // A query that means nothing yet (a lone quote, a dash) answers 400: no suggestions.
      const body = response.ok ? await response.json() : { hits: [] };
      if (signal.aborted) return;
      show(body.hits);
    } catch (error) {
      if (error.name !== "AbortError") show([]);
    }
  }

  function show(found) {
    hits = found;
    active = -1;
    list.replaceChildren(...hits.map((hit, i) => renderOption(hit, `${list.id}-${i}`)));
    announcer.textContent = hits.length === 0 ? "" : `${hits.length} suggestions. Use the arrow keys to choose.`;
    if (hits.length === 0) close();
    else open();
  }

  input.addEventListener("input", () => {
    cancel();
    const q = input.value.trim();
    if (q.length < MIN_QUERY_CHARS) {
      show([]);
      return;
    }
    timer = setTimeout(() => load(q), DEBOUNCE_MS);
  });

  input.addEventListener("keydown", (event) => {
    const count = hits.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (count === 0) return;
      event.preventDefault();
      open();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive(active === -1 && step === -1 ? count - 1 : (active + step + count) % count);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      openPaper(active);
    } else if (event.key === "Escape" && !list.hidden) {
      // Closing the list is this Escape's whole job; a second one clears the box as usual.
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", close);
  // Keep the focus in the box while a suggestion is clicked, so blur does not close the list first.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) openPaper([...list.children].indexOf(option));
  });
  // Coming back with the Back button restores the page as it was left: list open, stale.
  window.addEventListener("pageshow", close);
}

/** One suggestion: the title with matched words in <mark>, then first author, year and category. */
function renderOption(hit, id) {
  const option = document.createElement("li");
  option.id = id;
  option.setAttribute("role", "option");
  option.setAttribute("aria-selected", "false");
  const title = document.createElement("span");
  title.className = "suggestion-title";
  const segments = hit.highlight?.title ?? [{ text: hit.paper.title, match: false }];
  for (const segment of segments) {
    if (segment.match) {
      const mark = document.createElement("mark");
      mark.textContent = segment.text;
      title.append(mark);
    } else {
      title.append(segment.text);
    }
  }
  const meta = document.createElement("span");
  meta.className = "suggestion-meta";
  const { authors, publishedAt, primaryCategory } = hit.paper;
  const firstAuthor = authors.length > 1 ? `${authors[0]} et al.` : (authors[0] ?? "");
  meta.textContent = [firstAuthor, publishedAt.slice(0, 4), primaryCategory].filter(Boolean).join(" · ");
  option.append(title, meta);
  return option;
}
