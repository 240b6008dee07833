import { createContext, useContext } from "hono/jsx";
import type { DiscussionView } from "./comment-view.js";

/**
 * The paper page's discussion, handed to the section deep inside PaperPage the way the
 * header learns the viewer (viewer-context.ts). Null: the page is shown without comments.
 */
const PaperDiscussionContext = createContext<DiscussionView | null>(null);

export const PaperDiscussionProvider = PaperDiscussionContext.Provider;

export function usePaperDiscussion(): DiscussionView | null {
  return useContext(PaperDiscussionContext);
}
