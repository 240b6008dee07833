import type { Context } from "hono";
import { createContext, useContext } from "hono/jsx";
import type { App } from "../../app.js";
import { type Viewer, canContribute } from "../../core/accounts/viewer.js";
import { isLive, suggestAuthorName } from "../../core/discussion/author-claim-rules.js";
import type { AuthorClaim } from "../../core/discussion/ports.js";
import type { Paper } from "../../core/papers/paper.js";
import type { HttpEnv } from "../http/http-env.js";

/** Everything the paper page shows about claimed authorship. */
export interface PaperClaimsView {
  readonly paperId: string;
  /** Approved claims by listed name: the names link to the member's profile. */
  readonly claimedBy: ReadonlyMap<string, Pick<AuthorClaim, "userHandle" | "userDisplayName">>;
  readonly viewer: Viewer | null;
  /** The viewer's newest claim on the paper, whatever its status. */
  readonly viewerClaim: AuthorClaim | null;
  /** Names the viewer may claim: shown only to a member who may contribute and holds no live claim. */
  readonly claimable: readonly string[];
  /** The name to preselect: the one that looks like the viewer's display name. */
  readonly suggested: string | null;
  readonly csrfToken: string | null;
  /** A refused claim form's reason, shown beside the form. */
  readonly problem: string | null;
  readonly done: string | null;
}

/** What `?done=` shows once after an authorship form redirected back (Post/Redirect/Get). */
const DONE_MESSAGES: Readonly<Record<string, string>> = {
  "claim-filed": "Claim sent: a curator will review it. Until then it shows only to you.",
  "claim-withdrawn": "Claim withdrawn.",
};

export async function loadPaperClaimsView(
  c: Context<HttpEnv>,
  app: App,
  paper: Pick<Paper, "id" | "authors">,
  problem: string | null = null,
): Promise<PaperClaimsView> {
  const viewer = c.get("viewer");
  const [approved, viewerClaim] = await Promise.all([
    app.authorClaims.listClaimedAuthors(paper.id),
    app.authorClaims.findViewerClaim(viewer, paper.id),
  ]);
  const claimedBy = new Map(approved.map((claim) => [claim.authorName, claim]));
  const mayClaim = canContribute(viewer) && !(viewerClaim !== null && isLive(viewerClaim.status));
  const claimable = mayClaim ? paper.authors.filter((name) => !claimedBy.has(name)) : [];
  return {
    paperId: paper.id,
    claimedBy,
    viewer,
    viewerClaim,
    claimable,
    suggested: viewer === null ? null : suggestAuthorName(claimable, viewer.displayName),
    csrfToken: viewer === null ? null : c.get("csrf").token(),
    problem,
    done: problem === null ? (DONE_MESSAGES[c.req.query("done") ?? ""] ?? null) : null,
  };
}

/** Handed to the header deep inside PaperPage, as the discussion is (paper-discussion-context.ts). */
const PaperClaimsContext = createContext<PaperClaimsView | null>(null);

export const PaperClaimsProvider = PaperClaimsContext.Provider;

export function usePaperClaims(): PaperClaimsView | null {
  return useContext(PaperClaimsContext);
}
