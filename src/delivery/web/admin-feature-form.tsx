import { canActAs } from "../../core/accounts/viewer.js";
import { CsrfField } from "./account-forms.js";
import { useViewerChrome } from "./viewer-context.js";

/**
 * On a paper's page, for curators only: feature the paper on today's list (the server picks
 * the day). Posts to /admin/featured/feature, which checks the role again and comes back here.
 */
export function CuratorFeatureForm({ paperId }: { paperId: string }) {
  const { viewer, csrfToken } = useViewerChrome();
  if (!canActAs(viewer, "curator") || csrfToken === null) return null;
  return (
    <form method="post" action="/admin/featured/feature" class="curator-form inline-form">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="paper_id" value={paperId} />
      <input type="hidden" name="back" value="paper" />
      <button type="submit">Feature on today's list</button>
    </form>
  );
}
