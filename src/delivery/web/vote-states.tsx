import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { createContext, useContext } from "hono/jsx";
import type { App } from "../../app.js";
import type { VoteState } from "../../core/discussion/ports.js";
import type { HttpEnv } from "../http/http-env.js";

/**
 * What the upvote buttons on a page need beyond the paper: the viewer's vote on each paper
 * shown (looked up once per page, for signed-in viewers only) and the page's own path, to
 * which the no-script form returns. Handed down like the viewer (viewer-context.ts).
 */
export interface VoteStates {
  readonly byPaper: ReadonlyMap<string, VoteState>;
  /** Path and query of the page, a same-site path. */
  readonly returnTo: string;
}

const VoteStatesContext = createContext<VoteStates | null>(null);

/** Null on pages whose route did not look votes up: their buttons toggle without knowing the state. */
export function useVoteStates(): VoteStates | null {
  return useContext(VoteStatesContext);
}

export async function loadVoteStates(c: Context<HttpEnv>, app: App, paperIds: readonly string[]): Promise<VoteStates> {
  const viewer = c.get("viewer");
  const byPaper = new Map<string, VoteState>();
  if (viewer !== null) {
    for (const paperId of new Set(paperIds)) {
      const state = await app.discussion.findVote(viewer, paperId);
      if (state) byPaper.set(paperId, state);
    }
  }
  const url = new URL(c.req.url);
  return { byPaper, returnTo: url.pathname + url.search };
}

/** The page with its papers' vote states known to the upvote buttons inside it. */
export async function withVoteStates(
  c: Context<HttpEnv>,
  app: App,
  paperIds: readonly string[],
  page: Child,
): Promise<Child> {
  const states = await loadVoteStates(c, app, paperIds);
  return <VoteStatesContext.Provider value={states}>{page}</VoteStatesContext.Provider>;
}
