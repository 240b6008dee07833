import { authorPath } from "./paths.js";

/**
 * Authors, each linking to their papers in this hub. Past `max`, the rest collapse into
 * "+N more" (linked to the full list when `moreHref` is given): a collaboration paper can
 * list thousands.
 */
export function AuthorLinks({
  authors,
  max,
  moreHref,
}: {
  authors: readonly string[];
  max?: number;
  moreHref?: string;
}) {
  const shown = max === undefined ? authors : authors.slice(0, max);
  const hidden = authors.length - shown.length;
  return (
    <>
      {shown.map((name, i) => (
        <>
          {i > 0 && ", "}
          <a href={authorPath(name)}>{name}</a>
        </>
      ))}
      {hidden > 0 && " "}
      {hidden > 0 && (moreHref ? <a href={moreHref}>{`+${hidden} more`}</a> : `+${hidden} more`)}
    </>
  );
}
