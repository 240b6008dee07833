import { createContext, useContext } from "hono/jsx";
import type { Viewer } from "../../core/accounts/viewer.js";

/** What the page chrome needs to know about the viewer: the header's name and sign-out form. */
export interface ViewerChrome {
  readonly viewer: Viewer | null;
  /** The session's CSRF token (signed-in viewers only; signed-out pages get theirs per form). */
  readonly csrfToken: string | null;
}

const ViewerChromeContext = createContext<ViewerChrome>({ viewer: null, csrfToken: null });

/** Wraps a page so its header (rendered deep inside Layout) knows who is signed in. */
export const ViewerChromeProvider = ViewerChromeContext.Provider;

export function useViewerChrome(): ViewerChrome {
  return useContext(ViewerChromeContext);
}
