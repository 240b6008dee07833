/** What the query language can say (docs/search-query-language.md), one example each. */
const QUERY_EXAMPLES: readonly { readonly q: string; readonly meaning: string }[] = [
  { q: "diffusion models", meaning: "papers with both words" },
  { q: '"language model" agents', meaning: "an exact phrase, and a word" },
  { q: "llm OR transformer", meaning: "either word" },
  { q: "vision -gan", meaning: "leave out papers mentioning a word" },
  { q: 'author:"Grace Hopper"', meaning: "papers by an author" },
  { q: "cat:cs.LG year:2024", meaning: "a category (or archive: cat:cs) and a year" },
  { q: "from:2024-06 to:2024-12 robotics", meaning: "published within dates" },
  { q: "retrieval has:code", meaning: "only papers that link their code" },
];

/** Example searches as links, for the start page and after a search that meant nothing. */
export function SearchExamples() {
  return (
    <section class="search-examples" aria-labelledby="search-examples-heading">
      <h2 id="search-examples-heading">How to search</h2>
      <dl>
        {QUERY_EXAMPLES.map((example) => (
          <>
            <dt>
              <a href={`/search?${new URLSearchParams({ q: example.q }).toString()}`}>
                <code>{example.q}</code>
              </a>
            </dt>
            <dd>{example.meaning}</dd>
          </>
        ))}
      </dl>
      <p class="muted">
        Filters combine with words: <code>author:</code>, <code>cat:</code>, <code>year:</code>, <code>from:</code>,{" "}
        <code>to:</code> and <code>has:code</code>. Searching by meaning also finds papers that use other words for the
        same idea.
      </p>
    </section>
  );
}
