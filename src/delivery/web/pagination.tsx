/**
 * Previous/next links for a paginated list. Plain links with rel=prev/next, so it works
 * without JavaScript and crawlers follow it; ends are shown disabled rather than removed
 * so the controls do not jump around.
 */
export function Pagination({
  page,
  pages,
  hrefFor,
}: {
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
}) {
  if (pages <= 1 && page <= 1) return null;
  return (
    <nav class="pager" aria-label="Pagination">
      {page > 1 ? (
        <a href={hrefFor(Math.min(page - 1, pages))} rel="prev">
          ← Previous page
        </a>
      ) : (
        <span class="disabled" aria-hidden="true">
          ← Previous page
        </span>
      )}
      <span class="pager-status">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a href={hrefFor(page + 1)} rel="next">
          Next page →
        </a>
      ) : (
        <span class="disabled" aria-hidden="true">
          Next page →
        </span>
      )}
    </nav>
  );
}
